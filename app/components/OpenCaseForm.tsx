/**
 * 立案督办 on a flag: the form a commission member or leader opens a case with (POST /cases),
 * behind a disclosure so the list of flags stays a list.
 */
import { Form } from '@remix-run/react';
import { useFormat } from '~/i18n';
import { CSRF_FIELD } from '~/auth/constants';
import { FilterSelect } from './FilterSelect';
import { CASE_KINDS, KIND_NAMES } from '../../oversight/cases';

export function OpenCaseForm({
  flag,
  csrf,
}: {
  flag: { districtCode: string; department: string; type: string; period: string };
  csrf: string;
}) {
  const f = useFormat();
  return (
    <details className="open-case" data-testid="open-case">
      <summary>{f.t('cases.openCase')}</summary>
      <Form method="post" action="/cases" className="case-form">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <input type="hidden" name="district_code" value={flag.districtCode} />
        <input type="hidden" name="department" value={flag.department} />
        <input type="hidden" name="flag_types" value={flag.type} />
        <input type="hidden" name="week" value={flag.period} />
        <FilterSelect
          name="kind"
          label={f.t('cases.kind')}
          value="deadline"
          options={CASE_KINDS.map((k) => ({ value: k, label: f.text(KIND_NAMES[k]) }))}
        />
        <label>
          <span>{f.t('cases.dueDate')}</span>
          <input type="date" name="due_date" />
        </label>
        <label>
          <span>{f.t('cases.note')}</span>
          <textarea name="note" maxLength={2000} />
        </label>
        <button type="submit" className="button">
          {f.t('cases.openSubmit')}
        </button>
      </Form>
    </details>
  );
}
