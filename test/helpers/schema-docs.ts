import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isNonNullType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';

/**
 * The documentation rule of README "Frontend: schema" (graphql-eslint's `require-description`, plus two
 * things a frontend developer needs): every type, field, argument, input field, enum value and directive
 * has a description; a field that can be null says when (the word "null"); and no description talks
 * about how the server is built instead of what the value means.
 */
const IMPLEMENTATION_WORDS = /\b(DataLoader|loader|resolver|Pothos|memo)\b/i;

type Element = { description?: string | null | undefined };

function problemsOf(coordinate: string, element: Element, nullable = false): string[] {
  const text = element.description?.trim() ?? '';
  if (!text) return [`${coordinate}: no description`];
  const problems: string[] = [];
  if (IMPLEMENTATION_WORDS.test(text))
    problems.push(`${coordinate}: describes the implementation ("${IMPLEMENTATION_WORDS.exec(text)![0]}")`);
  if (nullable && !/\bnull\b/i.test(text)) problems.push(`${coordinate}: nullable, but its description does not say when it is null`);
  return problems;
}

function argumentProblems(owner: string, args: readonly GraphQLArgument[]): string[] {
  return args.flatMap((arg) => problemsOf(`${owner}(${arg.name}:)`, arg));
}

function fieldProblems(typeName: string, field: GraphQLField<unknown, unknown> | GraphQLInputField, output: boolean): string[] {
  const coordinate = `${typeName}.${field.name}`;
  // Connection plumbing (edges, pageInfo) is never null here; a nullable output field must say when it is.
  const nullable = output && !isNonNullType(field.type);
  const args = 'args' in field ? argumentProblems(coordinate, field.args) : [];
  return [...problemsOf(coordinate, field, nullable), ...args];
}

/** Every element of `schema` that breaks the rule, as "Type.field(arg:): problem", sorted. */
export function undocumented(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    problems.push(...problemsOf(type.name, type));
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) problems.push(...fieldProblems(type.name, field, true));
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) problems.push(...fieldProblems(type.name, field, false));
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) problems.push(...problemsOf(`${type.name}.${value.name}`, value));
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    problems.push(...problemsOf(`@${directive.name}`, directive), ...argumentProblems(`@${directive.name}`, directive.args));
  }
  return problems.sort();
}
