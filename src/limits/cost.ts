import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Page size assumed for a connection field asked without `first`/`last` (the schema's default). */
export const DEFAULT_PAGE = 20;
/** Items assumed for a plain list field (no paging arguments), e.g. `linesAdded`. */
export const DEFAULT_LIST = 10;

/** The field a selection names; introspection is costed like data: `__schema { types { fields { ... } } }` multiplies too. */
function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** How many times a field's selection counts: its `first`/`last` (DEFAULT_PAGE when absent), DEFAULT_LIST for a plain list. */
function multiplierOf(
  field: GraphQLField<unknown, unknown>,
  selection: FieldNode,
  parent: GraphQLCompositeType,
  vars: Record<string, unknown>,
): number {
  const paged = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
  if (paged) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, selection, vars);
    } catch {
      args = {};
    }
    const asked = [args.first, args.last].filter((n): n is number => typeof n === 'number');
    return asked.length > 0 ? Math.max(0, ...asked) : DEFAULT_PAGE;
  }
  return isListType(getNullableType(field.type)) && !parent.name.endsWith('Connection') ? DEFAULT_LIST : 1;
}

/**
 * The cost of one operation with its variables: every object field costs 1 (leaves are free), a field taking `first`/`last`
 * multiplies the cost of its selection by that number (DEFAULT_PAGE when absent). Edges and nodes of a
 * connection are already counted by their connection. Fragments are costed once per type (memoised), so
 * a fragment bomb costs the calculator linear time while its cost still multiplies.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName))
      operation ??= definition;
  }
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const memo = new Map<string, number>();
  const vars = variables ?? {};

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = fieldOf(parent, name);
        if (!field) continue;
        const multiplier = multiplierOf(field, selection, parent, vars);
        const type = getNamedType(field.type);
        // Leaves are free (they come with their object); objects and lists are what a query multiplies.
        if (!selection.selectionSet || !isCompositeType(type)) continue;
        total += 1 + multiplier * costOf(selection.selectionSet, type, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += type && isCompositeType(type) ? costOf(selection.selectionSet, type, visiting) : 0;
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (!type || !isCompositeType(type)) continue;
        const key = `${fragment.name.value}@${type.name}`;
        let cost = memo.get(key);
        if (cost === undefined) {
          visiting.add(fragment.name.value);
          cost = costOf(fragment.selectionSet, type, visiting);
          visiting.delete(fragment.name.value);
          memo.set(key, cost);
        }
        total += cost;
      }
      // Past any limit already: stop early (and keep the number finite).
      if (total > Number.MAX_SAFE_INTEGER / 1_000) return total;
    }
    return total;
  };
  return costOf(operation.selectionSet, root, new Set());
}
