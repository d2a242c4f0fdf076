import { useState } from 'react';
import { SEND_DOCUMENT_ID } from './client.js';
import { AccountBar, type Account } from './components/AccountBar.js';
import { InvoiceHistory } from './components/InvoiceHistory.js';
import { PreviewForm } from './components/PreviewForm.js';
import { UpcomingInvoice } from './components/UpcomingInvoice.js';

export function App() {
  const [account, setAccount] = useState<Account>({ provider: 'STRIPE', customer: '', subscription: '' });
  // Keys re-mount the parts when the account changes, so no result of another customer lingers.
  const key = `${account.provider}/${account.customer}/${account.subscription}`;
  return (
    <main>
      <header>
        <h1>Billing</h1>
        <p className="muted">An example portal on billgraph · {SEND_DOCUMENT_ID ? 'trusted documents (documentId)' : 'full query text'}</p>
      </header>
      <AccountBar key={key} account={account} onChange={setAccount} />
      <div className="grid">
        <UpcomingInvoice
          key={`upcoming/${key}`}
          account={account}
          onChooseSubscription={(subscription) => setAccount({ ...account, subscription })}
        />
        <PreviewForm key={`preview/${key}`} account={account} />
      </div>
      <InvoiceHistory key={`history/${key}`} account={account} />
    </main>
  );
}
