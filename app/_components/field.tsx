import type { InputHTMLAttributes } from 'react';

/** A labelled input for the `form-stack` forms: the label text names the field for people and tests. */
export function Field({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      <span>{label}</span>
      <input {...input} />
    </label>
  );
}
