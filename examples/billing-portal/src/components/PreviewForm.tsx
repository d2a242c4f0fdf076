import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { describeError, describePreviewFailure, type Problem } from '../errors.js';
import { PortalPreviewInvoiceDocument, type PortalPreviewInvoiceMutation, type PreviewInvoiceInput } from '../gql/graphql.js';
import { SANDBOX_HINTS } from '../settings.js';
import type { Account } from './AccountBar.js';
import { Money, ProblemView } from './common.js';
import { LineTable } from './LineTable.js';

type Success = Extract<PortalPreviewInvoiceMutation['previewInvoice'], { __typename: 'PreviewInvoiceSuccess' }>;

interface Fields {
  item: string;
  quantity: string;
  price: string;
  priceQuantity: string;
  date: string;
}

/** The change as billgraph's input: quantities stay the strings typed (Decimal), never numbers. */
export function previewInput(account: Account, fields: Fields): PreviewInvoiceInput {
  const input: PreviewInvoiceInput = { provider: account.provider };
  if (account.customer) input.customer = account.customer;
  if (account.subscription) input.subscription = account.subscription;
  if (fields.item.trim()) input.changeItems = [{ item: fields.item.trim(), quantity: fields.quantity.trim() || null }];
  if (fields.price.trim()) input.addItems = [{ price: fields.price.trim(), quantity: fields.priceQuantity.trim() || null }];
  if (fields.date) input.prorationDate = `${fields.date}T00:00:00Z`;
  return input;
}

export function PreviewForm({ account }: { account: Account }) {
  const [fields, setFields] = useState<Fields>({ item: '', quantity: '', price: '', priceQuantity: '', date: '' });
  const [result, preview] = useMutation(PortalPreviewInvoiceDocument);
  const [submitted, setSubmitted] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    await preview({ input: previewInput(account, fields) });
  };
  const answer = submitted ? result.data?.previewInvoice : undefined;
  let problem: (Problem & { field?: string }) | null = null;
  if (submitted && result.error) problem = describeError(result.error);
  else if (answer && answer.__typename !== 'PreviewInvoiceSuccess') problem = describePreviewFailure(answer);
  const invalid = (field: string) => (problem?.field === field ? true : undefined);
  const set = (key: keyof Fields) => (e: { target: { value: string } }) => setFields({ ...fields, [key]: e.target.value });
  return (
    <section className="card" data-testid="preview">
      <h2>Change seats or add an item</h2>
      <form onSubmit={submit} className="preview-form">
        <fieldset>
          <legend>Change seats</legend>
          <label>
            Subscription item
            <input
              name="item"
              list="item-hints"
              value={fields.item}
              onChange={set('item')}
              aria-invalid={invalid('input.changeItems.0.item')}
            />
          </label>
          <label>
            New quantity
            <input
              name="quantity"
              inputMode="numeric"
              value={fields.quantity}
              onChange={set('quantity')}
              aria-invalid={invalid('input.changeItems.0.quantity')}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Add an item</legend>
          <label>
            Price to add
            <input
              name="price"
              list="price-hints"
              value={fields.price}
              onChange={set('price')}
              aria-invalid={invalid('input.addItems.0.price')}
            />
          </label>
          <label>
            Quantity to add
            <input
              name="priceQuantity"
              inputMode="numeric"
              placeholder="1"
              value={fields.priceQuantity}
              onChange={set('priceQuantity')}
              aria-invalid={invalid('input.addItems.0.quantity')}
            />
          </label>
        </fieldset>
        <label>
          Change date (prorated from)
          <input name="date" type="date" value={fields.date} onChange={set('date')} aria-invalid={invalid('input.prorationDate')} />
        </label>
        <datalist id="item-hints">
          {SANDBOX_HINTS.subscriptionItems.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </datalist>
        <datalist id="price-hints">
          {SANDBOX_HINTS.prices.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={result.fetching}>
          {result.fetching ? 'Previewing…' : 'Preview the change'}
        </button>
      </form>
      {problem && !result.fetching ? <ProblemView problem={problem} testId="preview-problem" /> : null}
      {answer?.__typename === 'PreviewInvoiceSuccess' && !result.fetching ? <PreviewResult success={answer} /> : null}
    </section>
  );
}

function PreviewResult({ success }: { success: Success }) {
  const { change } = success;
  return (
    <div data-testid="preview-result">
      <dl className="totals change">
        <dt>Next invoice now</dt>
        <dd>
          {change.amountDueBefore ? (
            <Money money={change.amountDueBefore} testId="preview-before" />
          ) : (
            <span data-testid="preview-before">none</span>
          )}
        </dd>
        <dt>After the change</dt>
        <dd>
          <Money money={change.amountDueAfter} testId="preview-after" />
        </dd>
        <dt>Difference</dt>
        <dd className={change.amountDueDifference.amount.startsWith('-') ? 'less' : 'more'}>
          <Money money={change.amountDueDifference} testId="preview-difference" />
        </dd>
      </dl>
      {!change.linesComplete ? (
        <p className="muted">Only some lines of these invoices were returned; the amounts above are whole.</p>
      ) : null}
      <h3>Proration</h3>
      {change.prorationLines.length ? (
        <LineTable lines={change.prorationLines} testId="preview-proration" />
      ) : (
        <p className="muted" data-testid="preview-no-proration">
          No proration: the change starts with the next period.
        </p>
      )}
      <h3>Lines added</h3>
      <LineTable lines={change.linesAdded} testId="preview-added" />
      <h3>Lines removed</h3>
      <LineTable lines={change.linesRemoved} testId="preview-removed" />
    </div>
  );
}
