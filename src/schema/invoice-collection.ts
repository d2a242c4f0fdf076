import { builder } from './builder.js';
import { InvoiceType } from './invoice.js';

/** Where the customer sees or pays an invoice, and how the provider collects it. */
builder.objectFields(InvoiceType, (t) => ({
  pdfUrl: t.exposeString('pdfUrl', {
    nullable: true,
    description: 'Link to the invoice as a PDF; null when there is none yet (drafts, previews).',
  }),
  hostedUrl: t.exposeString('hostedUrl', {
    nullable: true,
    description: "Link to the provider's page where the customer can view and pay the invoice; null when the provider has none.",
  }),
  attemptCount: t.exposeInt('attemptCount', {
    nullable: true,
    description: 'How many times the provider has tried to collect payment; null when it does not report attempts.',
  }),
  attempted: t.exposeBoolean('attempted', {
    nullable: true,
    description: 'True once the provider has tried to collect payment; null when it does not report attempts.',
  }),
  autoAdvance: t.exposeBoolean('autoAdvance', {
    nullable: true,
    description: 'True when the provider finalizes and collects the invoice on its own; null when it does not say.',
  }),
}));
