// Imports every type (each file registers itself on the builder) and builds the schema.
import { builder } from './builder.js';
import './money.js';
import './invoice.js';
import './invoice-amounts.js';
import './invoice-period.js';
import './invoice-collection.js';
import './invoice-history.js';
import './invoice-line.js';
import './customer.js';
import './errors.js';
import './preview.js';
import './subscription.js';

builder.queryType({ description: 'Invoices from Cloudflare AI Gateway billing, Stripe or Flexprice, in one shape.' });

export const schema = builder.toSchema({ sortSchema: true });
