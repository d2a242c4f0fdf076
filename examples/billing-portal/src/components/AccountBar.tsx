import { useState, type FormEvent } from 'react';
import { PROVIDER_NAMES, PROVIDERS, SANDBOX_HINTS, type Provider } from '../settings.js';

/** Whose billing the portal shows; empty customer = the deployment's default customer. */
export interface Account {
  provider: Provider;
  customer: string;
  subscription: string;
}

export function AccountBar({ account, onChange }: { account: Account; onChange: (account: Account) => void }) {
  // The parent re-mounts this form (a `key`) when the account changes from outside, e.g. a subscription chosen.
  const [draft, setDraft] = useState(account);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ provider: draft.provider, customer: draft.customer.trim(), subscription: draft.subscription.trim() });
  };
  return (
    <form className="account" onSubmit={submit} data-testid="account">
      <label>
        Provider
        <select name="provider" value={draft.provider} onChange={(e) => setDraft({ ...draft, provider: e.target.value as Provider })}>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_NAMES[p]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Customer
        <input
          name="customer"
          list="customer-hints"
          placeholder="default customer"
          value={draft.customer}
          onChange={(e) => setDraft({ ...draft, customer: e.target.value, subscription: '' })}
        />
      </label>
      <datalist id="customer-hints">
        {SANDBOX_HINTS.customers.map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </datalist>
      <label>
        Subscription
        <input
          name="subscription"
          placeholder="the only active one"
          value={draft.subscription}
          onChange={(e) => setDraft({ ...draft, subscription: e.target.value })}
        />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
