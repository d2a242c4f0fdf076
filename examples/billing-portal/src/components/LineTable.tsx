import type { PortalLineFragment } from '../gql/graphql.js';
import { Money } from './common.js';

/** Invoice lines with the credits (discounts, credit balance) applied to each. */
export function LineTable({ lines, testId }: { lines: readonly PortalLineFragment[]; testId: string }) {
  if (!lines.length) return <p className="muted">No lines.</p>;
  return (
    <table className="lines" data-testid={testId}>
      <thead>
        <tr>
          <th>Description</th>
          <th className="num">Qty</th>
          <th className="num">Unit</th>
          <th className="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={line.id ?? index} data-testid="line">
            <td>
              <span data-testid="line-description">{line.description ?? '(no description)'}</span>
              {line.proration ? <span className="tag">proration</span> : null}
              {line.credits.map((credit, i) => (
                <div
                  key={i}
                  className="credit"
                  data-testid="credit"
                  data-type={credit.type}
                  title={credit.discount ?? credit.creditBalanceTransaction ?? undefined}
                >
                  − <Money money={credit.amount} testId="credit-amount" /> {credit.type === 'discount' ? 'discount' : 'credit'}
                </div>
              ))}
            </td>
            <td className="num">{line.quantity ?? ''}</td>
            <td className="num">
              <Money money={line.unitAmount} />
            </td>
            <td className="num">
              <Money money={line.amount} testId="line-amount" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
