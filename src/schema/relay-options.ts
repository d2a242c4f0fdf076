/**
 * Descriptions of what the Relay plugin generates (Node, PageInfo, connection arguments and fields): every
 * element of the schema is documented (README "Frontend: schema"; docs/ARCHITECTURE.md section 3).
 */
export const relayDescriptions = {
  nodeTypeOptions: { description: 'An object with a global id that `Query.node` can read again (Relay Object Identification).' },
  idFieldOptions: { description: 'Global id: opaque, stable, unique across every type. Pass it to `Query.node`.' },
  nodeQueryOptions: {
    description:
      'The object with this global id, read again now (Relay refetch). Reads issued and upcoming invoices; null when it no longer exists. A previewed change cannot be read back (BAD_USER_INPUT): run `previewInvoice` again.',
    args: { id: { description: 'A global id from an `id` field of this API.' } },
  },
  pageInfoTypeOptions: { description: 'Where this page sits in the whole list (Relay cursor connections).' },
  hasNextPageFieldOptions: { description: 'True when more items follow the last one of this page: ask again with `after: endCursor`.' },
  hasPreviousPageFieldOptions: {
    description: 'True when items come before the first one of this page: ask again with `before: startCursor`.',
  },
  startCursorFieldOptions: { description: 'The cursor of the first item of this page; null when the page is empty.' },
  endCursorFieldOptions: { description: 'The cursor of the last item of this page; null when the page is empty.' },
  cursorFieldOptions: {
    description: 'Opaque position of this item, valid only for the same query (same filters): pass it as `after` or `before`.',
  },
  edgesFieldOptions: { description: 'The items of this page in order, each with its cursor.' },
  nodesOnConnection: { description: 'The items of this page in order (the same as `edges { node }`, without cursors).' },
  nodeFieldOptions: { description: 'The item itself.' },
  pageInfoFieldOptions: { description: 'Whether more items come before or after this page, and the cursors to ask for them.' },
  firstArgOptions: { description: 'Page forwards: at most this many items after `after` (default 20, at most 100).' },
  afterArgOptions: { description: 'A cursor from this same query (`pageInfo.endCursor`): the page starts after it.' },
  lastArgOptions: { description: 'Page backwards: at most this many items before `before` (at most 100).' },
  beforeArgOptions: { description: 'A cursor from this same query (`pageInfo.startCursor`): the page ends before it.' },
};
