/** A labelled select of a form: its choices, with "all" (the empty value) first where given. */
export function FilterSelect({
  name,
  label,
  value,
  all,
  options,
}: {
  name: string;
  label: string;
  value: string | null | undefined;
  /** The words for "no filter"; absent when a choice is required. */
  all?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label>
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ''}>
        {all !== undefined ? <option value="">{all}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
