import type { CandidateCostModel } from '@/lib/toil/candidates';
import type { RawSearchParams } from './search-params';

/**
 * The Candidates page's what-if cost model as typed in its inputs, and as kept in the URL so a what-if
 * survives a reload and can be shared: only the fields that differ from the settings in force are in the
 * query, under the names below. Handling minutes may be empty, meaning "use the measured active time";
 * in the URL that is `handlingMinutes=measured`.
 */
export type WhatIfField = 'requesterHourly' | 'teamHourly' | 'handlingMinutesPerTicket' | 'buildCostHours';
export type WhatIfInputs = Record<WhatIfField, string>;

export const WHAT_IF_FIELDS: ReadonlyArray<{
  name: WhatIfField;
  param: string;
  label: string;
  unit: string;
  optional?: boolean;
}> = [
  { name: 'requesterHourly', param: 'requesterHourly', label: 'Requester hourly cost', unit: 'per h' },
  { name: 'teamHourly', param: 'teamHourly', label: 'Team hourly cost', unit: 'per h' },
  {
    name: 'handlingMinutesPerTicket',
    param: 'handlingMinutes',
    label: 'Handling per ticket',
    unit: 'min',
    optional: true,
  },
  { name: 'buildCostHours', param: 'buildCostHours', label: 'Build cost', unit: 'team h' },
];

const MEASURED = 'measured';
/** Longer values are not numbers anyone typed; they are dropped rather than echoed into the page. */
const MAX_PARAM_LENGTH = 24;

export function whatIfInputsOf(model: CandidateCostModel): WhatIfInputs {
  return {
    requesterHourly: String(model.requesterHourly),
    teamHourly: String(model.teamHourly),
    handlingMinutesPerTicket:
      model.handlingMinutesPerTicket === null ? '' : String(model.handlingMinutesPerTicket),
    buildCostHours: String(model.buildCostHours),
  };
}

/** The inputs a page opens with: the settings' model, with what the URL says on top. */
export function whatIfFromSearchParams(raw: RawSearchParams, model: CandidateCostModel): WhatIfInputs {
  const inputs = whatIfInputsOf(model);
  for (const field of WHAT_IF_FIELDS) {
    const value = raw[field.param];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (text === undefined || text.length > MAX_PARAM_LENGTH) continue;
    inputs[field.name] = field.optional && text === MEASURED ? '' : text;
  }
  return inputs;
}

/** The query parameters of `inputs`: a value per field that differs from `model`, null for the others. */
export function whatIfParams(inputs: WhatIfInputs, model: CandidateCostModel): Record<string, string | null> {
  const settings = whatIfInputsOf(model);
  const params: Record<string, string | null> = {};
  for (const field of WHAT_IF_FIELDS) {
    const value = inputs[field.name].trim();
    params[field.param] =
      value === settings[field.name] ? null : field.optional && value === '' ? MEASURED : value;
  }
  return params;
}

/** The typed inputs as a cost model, or the first field that is not a number ≥ 0. */
export function whatIfModel(inputs: WhatIfInputs): { model: CandidateCostModel } | { invalid: WhatIfField } {
  const values: Partial<Record<WhatIfField, number | null>> = {};
  for (const field of WHAT_IF_FIELDS) {
    const raw = inputs[field.name].trim();
    if (raw === '' && field.optional) {
      values[field.name] = null;
      continue;
    }
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value) || value < 0) return { invalid: field.name };
    values[field.name] = value;
  }
  return {
    model: {
      requesterHourly: values.requesterHourly ?? 0,
      teamHourly: values.teamHourly ?? 0,
      handlingMinutesPerTicket: values.handlingMinutesPerTicket ?? null,
      buildCostHours: values.buildCostHours ?? 0,
    },
  };
}
