import type { PortalMoneyFragment } from '../gql/graphql.js';
import type { Problem } from '../errors.js';

/** Shows `formatted`; the exact `amount` rides along in data-amount (never parsed into a float). */
export function Money({ money, testId }: { money: PortalMoneyFragment | null | undefined; testId?: string }) {
  if (!money) return <span data-testid={testId}>—</span>;
  return (
    <span className="money" data-testid={testId} data-amount={money.amount} data-currency={money.currency}>
      {money.formatted}
    </span>
  );
}

export function ProblemView({ problem, onChoose, testId }: { problem: Problem; onChoose?: (choice: string) => void; testId: string }) {
  return (
    <div className="problem" role="alert" data-testid={testId} data-code={problem.code}>
      <p className="problem-title">{problem.title}</p>
      {problem.choices && onChoose ? (
        <div className="choices">
          {problem.choices.map((choice) => (
            <button key={choice} type="button" onClick={() => onChoose(choice)}>
              {choice}
            </button>
          ))}
        </div>
      ) : null}
      <p className="problem-detail">
        <code>{problem.code}</code>
        {problem.detail ? ` · ${problem.detail}` : null}
      </p>
    </div>
  );
}

/** "2026-11-01T00:00:00.000Z" -> "1 Nov 2026" (UTC, as billgraph answers). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}
