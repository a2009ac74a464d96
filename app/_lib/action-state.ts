/** What a form shows after a server action: a sentence, and which field it is about. */
export interface ActionState {
  ok: boolean;
  message: string | null;
  field?: string;
}

export const IDLE: ActionState = { ok: true, message: null };
