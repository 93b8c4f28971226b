import { useT } from '~/i18n';

/** Nothing loaded yet: how to load data, never an error page. */
export function EmptyState() {
  const t = useT();
  return (
    <section className="empty" data-testid="empty-state">
      <h1>{t('empty.heading')}</h1>
      <p>{t('empty.body')}</p>
      <pre>npm run etl -- path/to/exports/</pre>
      <p>{t('empty.demo')}</p>
      <pre>npm run demo</pre>
      <p>
        {t('empty.contract')} <a href="/templates/">/templates/</a>
      </p>
    </section>
  );
}
