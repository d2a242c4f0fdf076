import { useQuery } from 'urql';
import { describeError } from '../errors.js';
import { PortalUpcomingInvoiceDocument } from '../gql/graphql.js';
import type { Account } from './AccountBar.js';
import { formatDate, Money, ProblemView } from './common.js';
import { LineTable } from './LineTable.js';

export function UpcomingInvoice({ account, onChooseSubscription }: { account: Account; onChooseSubscription: (id: string) => void }) {
  const [{ data, fetching, error }] = useQuery({
    query: PortalUpcomingInvoiceDocument,
    variables: { provider: account.provider, customer: account.customer || null, subscription: account.subscription || null },
  });
  const invoice = data?.upcomingInvoice;
  return (
    <section className="card" data-testid="upcoming">
      <h2>Upcoming invoice</h2>
      {fetching ? <p className="muted">Loading…</p> : null}
      {error ? <ProblemView problem={describeError(error)} onChoose={onChooseSubscription} testId="upcoming-problem" /> : null}
      {!fetching && !error && !invoice ? <p data-testid="upcoming-none">No upcoming invoice: nothing is due next period.</p> : null}
      {invoice && !fetching ? (
        <>
          <p className="muted">
            {formatDate(invoice.periodStart)} – {formatDate(invoice.periodEnd)}
            {invoice.subscriptionId ? ` · ${invoice.subscriptionId}` : ''}
          </p>
          <p className="due">
            Amount due <Money money={invoice.amountDue} testId="upcoming-amount-due" />
          </p>
          <LineTable lines={invoice.lines.nodes} testId="upcoming-lines" />
          {invoice.lines.pageInfo.hasNextPage ? <p className="muted">More lines are on the invoice than shown here.</p> : null}
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd>
              <Money money={invoice.subtotal} testId="upcoming-subtotal" />
            </dd>
            {invoice.discount ? (
              <>
                <dt>Discount</dt>
                <dd>
                  <Money money={invoice.discount} testId="upcoming-discount" />
                </dd>
              </>
            ) : null}
            <dt>Tax</dt>
            <dd>
              <Money money={invoice.tax} testId="upcoming-tax" />
            </dd>
            <dt>Total</dt>
            <dd>
              <Money money={invoice.total} testId="upcoming-total" />
            </dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}
