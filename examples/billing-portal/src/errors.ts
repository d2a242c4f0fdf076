import type { CombinedError } from 'urql';
import { PROVIDER_NAMES, type Provider } from './settings.js';

/** A problem as the portal shows it: a sentence for a person, the code for support, billgraph's own words. */
export interface Problem {
  /** What happened and what to do, in plain words. */
  title: string;
  /** `extensions.code` or the union member's name, shown small for support tickets. */
  code: string;
  /** billgraph's message, shown as a detail. */
  detail?: string;
  /** Subscriptions to pick from (BAD_USER_INPUT on `subscription` with `choices`). */
  choices?: string[];
}

const providerName = (provider: unknown): string => {
  const key = typeof provider === 'string' ? (provider.toUpperCase() as Provider) : null;
  return (key && PROVIDER_NAMES[key]) ?? 'The billing provider';
};

/** Turns a failed request (network error or GraphQL errors with `extensions.code`) into one Problem. */
export function describeError(error: CombinedError): Problem {
  if (error.networkError && !error.graphQLErrors.length) {
    return { title: 'The billing service cannot be reached. Check your connection and try again.', code: 'NETWORK', detail: error.message };
  }
  const first = error.graphQLErrors[0];
  const extensions = (first?.extensions ?? {}) as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN';
  const detail = first?.message;
  const field = Array.isArray(extensions.field) ? extensions.field.join('.') : null;
  const who = providerName(extensions.provider);
  switch (code) {
    case 'NOT_FOUND':
      return { code, detail, title: `${who} has no such customer or invoice. Check the customer id.` };
    case 'BAD_USER_INPUT':
      if (field === 'subscription' && Array.isArray(extensions.choices)) {
        return {
          code,
          detail,
          title: `This customer has ${extensions.choices.length} subscriptions. Choose the one to show:`,
          choices: extensions.choices.map(String),
        };
      }
      return { code, detail, title: field ? `The value of “${field}” is not accepted.` : 'The request was not accepted.' };
    case 'UNAUTHENTICATED':
      return { code, detail, title: 'Your session has ended. Sign in again.' };
    case 'FORBIDDEN':
      return { code, detail, title: 'Your account is not allowed to see this billing data.' };
    case 'RATE_LIMITED': {
      const wait = typeof extensions.retryAfter === 'number' ? ` in ${extensions.retryAfter} s` : ' in a moment';
      return { code, detail, title: `Too many requests. Try again${wait}.` };
    }
    case 'UPSTREAM_UNAVAILABLE':
      return { code, detail, title: `${who} is not answering right now. Try again in a minute.` };
    case 'UPSTREAM_BAD_RESPONSE':
      return { code, detail, title: `${who} sent an answer we could not read. Try again later.` };
    case 'UNSUPPORTED':
      return { code, detail, title: `${who} cannot answer this.` };
    case 'INTERNAL': {
      const reference = typeof extensions.requestId === 'string' ? ` Reference: ${extensions.requestId}.` : '';
      return { code, detail: undefined, title: `Something went wrong on our side.${reference}` };
    }
    default:
      return { code, detail, title: 'Something went wrong.' };
  }
}

/** Form labels of the preview inputs, keyed by the `field` path an InvalidInputError names. */
export const PREVIEW_FIELD_LABELS: Record<string, string> = {
  'input.changeItems.0.item': 'Subscription item',
  'input.changeItems.0.quantity': 'New quantity',
  'input.addItems.0.price': 'Price to add',
  'input.addItems.0.quantity': 'Quantity to add',
  'input.prorationDate': 'Change date',
  'input.subscription': 'Subscription',
  'input.customer': 'Customer',
};

/** What an UnsupportedError's `fields` mean, in words. */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  addItems: 'adding an item',
  changeItems: 'changing seats',
  removeItems: 'removing an item',
  prorationDate: 'a change date',
  discounts: 'discounts',
  invoiceItems: 'one-off charges',
};

type PreviewFailure =
  | { __typename: 'InvalidInputError'; message: string; field: string[] }
  | { __typename: 'NotFoundError'; message: string }
  | { __typename: 'UnsupportedError'; message: string; provider: string; fields: string[] };

/** Turns a previewInvoice error member (errors as data) into a Problem. */
export function describePreviewFailure(failure: PreviewFailure): Problem & { field?: string } {
  switch (failure.__typename) {
    case 'InvalidInputError': {
      const field = failure.field.join('.');
      const label = PREVIEW_FIELD_LABELS[field];
      return {
        code: failure.__typename,
        detail: failure.message,
        field,
        title: label ? `Check “${label}”: that value cannot be previewed.` : 'Some of the change cannot be previewed.',
      };
    }
    case 'NotFoundError':
      return { code: failure.__typename, detail: failure.message, title: 'That customer, subscription or item does not exist.' };
    case 'UnsupportedError': {
      const what = failure.fields.map((f) => UNSUPPORTED_FIELDS[f] ?? f).join(', ');
      return {
        code: failure.__typename,
        detail: failure.message,
        title: `${providerName(failure.provider)} cannot preview ${what || 'this change'}. Stripe customers can.`,
      };
    }
  }
}
