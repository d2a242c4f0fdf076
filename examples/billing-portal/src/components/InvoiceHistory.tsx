import { useState } from 'react';
import { useQuery } from 'urql';
import { describeError } from '../errors.js';
import { PortalInvoiceHistoryDocument, type InvoiceType } from '../gql/graphql.js';
import { HISTORY_PAGE_SIZE } from '../settings.js';
import type { Account } from './AccountBar.js';
import { formatDate, Money, ProblemView } from './common.js';

const FILTERS: [InvoiceType, string][] = [
  ['ALL', 'All'],
  ['AUTO', 'Billing cycle'],
  ['MANUAL', 'Created by hand'],
];

/** The history: one query per loaded page, each after the previous page's endCursor (urql's pagination pattern). */
export function InvoiceHistory({ account }: { account: Account }) {
  const [type, setType] = useState<InvoiceType>('ALL');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const choose = (next: InvoiceType) => {
    setType(next);
    setCursors([null]);
  };
  return (
    <section className="card" data-testid="history">
      <h2>Invoice history</h2>
      <div className="filters" role="radiogroup" aria-label="Invoice type">
        {FILTERS.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="invoice-type" value={value} checked={type === value} onChange={() => choose(value)} />
            {label}
          </label>
        ))}
      </div>
      <table className="history" data-testid="history-table">
        <thead>
          <tr>
            <th>Number</th>
            <th>Date</th>
            <th>Type</th>
            <th>Status</th>
            <th className="num">Amount due</th>
          </tr>
        </thead>
        {cursors.map((after, index) => (
          <HistoryPage
            key={`${type}/${after ?? ''}`}
            account={account}
            type={type}
            after={after}
            isLast={index === cursors.length - 1}
            onLoadMore={(cursor) => setCursors([...cursors, cursor])}
          />
        ))}
      </table>
    </section>
  );
}

interface PageProps {
  account: Account;
  type: InvoiceType;
  after: string | null;
  isLast: boolean;
  onLoadMore: (cursor: string) => void;
}

function HistoryPage({ account, type, after, isLast, onLoadMore }: PageProps) {
  const [{ data, fetching, error }] = useQuery({
    query: PortalInvoiceHistoryDocument,
    variables: { provider: account.provider, customer: account.customer || null, type, first: HISTORY_PAGE_SIZE, after },
  });
  const page = data?.invoices;
  return (
    <tbody data-testid="history-page">
      {page?.edges.map(({ node }) => (
        <tr key={node.id} data-testid="invoice" data-origin={node.origin ?? ''}>
          <td data-testid="invoice-number">{node.number ?? node.id}</td>
          <td>{formatDate(node.createdAt)}</td>
          <td>{node.origin === 'MANUAL' ? 'Created by hand' : node.origin === 'AUTO' ? 'Billing cycle' : '—'}</td>
          <td>{node.status?.toLowerCase() ?? '—'}</td>
          <td className="num">
            <Money money={node.amountDue} testId="invoice-amount" />
          </td>
        </tr>
      ))}
      {isLast ? (
        <tr>
          <td colSpan={5}>
            {fetching ? <span className="muted">Loading…</span> : null}
            {error ? <ProblemView problem={describeError(error)} testId="history-problem" /> : null}
            {page && !page.edges.length && after === null ? <span data-testid="history-empty">No invoices of this type.</span> : null}
            {page?.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
              <button type="button" data-testid="load-more" onClick={() => onLoadMore(page.pageInfo.endCursor!)}>
                Load more
              </button>
            ) : null}
            {page && !page.pageInfo.hasNextPage && page.edges.length ? <span className="muted">That is every invoice.</span> : null}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
