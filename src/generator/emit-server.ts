/**
 * The service side: a handler interface to implement (plain or async methods; async generators
 * for streaming), the IDL text for `GetInterfaceDescription`, and the functions that turn handlers
 * into the runtime's `InterfaceDefinition` with strict parameter validation wired in. A handler
 * left out answers `MethodNotImplemented` (the runtime does that for a method with no handler).
 */
import type { StatementStructures } from "ts-morph";
import { propertyKey } from "../model/names.js";
import { jsDoc, type GeneratorContext, type MethodPlan } from "./context.js";
import { omitterOf } from "./emit-omitters.js";
import { Const, Kind } from "./structures.js";

function handlerReturnType(method: MethodPlan): string {
  const result = method.result.name;
  const value = method.decl.output.fields.length === 0 ? `${result} | void` : result;
  const stream = `AsyncIterable<${result}>`;
  // What the IDL says: streams only, both, or (unmarked) a single reply.
  if (method.decl.more === "requires") return stream;
  return method.decl.more === "supports"
    ? `${value} | Promise<${value}> | ${stream}`
    : `${value} | Promise<${value}>`;
}

function methodEntry(ctx: GeneratorContext, method: MethodPlan): string {
  const key = propertyKey(method.decl.name);
  const call = `service.${method.handler}!(parameters as unknown as ${method.parameters.name}, context)`;
  // Only a function the service declares: `service.valueOf` alone would find Object.prototype's.
  const declared = `${ctx.rt("serviceHandler")}(service, ${JSON.stringify(method.handler)})`;
  // Replies go out with absent optionals left out, not as `null`.
  const omit = omitterOf(ctx, method.result);
  return [
    `${key}: {`,
    `  validateParameters: (parameters) => ${ctx.rt("collectIssues")}(${method.parameters.validator}, parameters, strict),`,
    `  ...(${declared} && {`,
    `    handler: (parameters, context) => ${call},`,
    "  }),",
    ...(method.decl.more !== undefined ? [`  more: ${JSON.stringify(method.decl.more)},`] : []),
    ...(method.decl.upgrade !== undefined ? [`  upgrade: ${JSON.stringify(method.decl.upgrade)},`] : []),
    `  streamEnd: options.streamEnd?.${method.handler},`,
    ...(omit !== undefined ? [`  omitAbsent: ${omit},`] : []),
    "},",
  ].join("\n");
}

/**
 * `text` as a template literal with real newlines, so a change to the IDL shows in a diff of the
 * generated module as the lines that changed. Escaped: backslash, backtick, `${`, and CR (a raw CR
 * or CRLF inside a template literal reads as LF).
 */
export function templateLiteral(text: string): string {
  return `\`${text.replace(/\\|`|\$\{|\r/g, (c) => (c === "\r" ? "\\r" : `\\${c}`))}\``;
}

/** The IDL text constant served by `GetInterfaceDescription`. */
function emitDescription(ctx: GeneratorContext): StatementStructures {
  return {
    kind: Kind.VariableStatement,
    isExported: true,
    declarationKind: Const,
    docs: [`The IDL of \`${ctx.iface.name}\`, served by \`org.varlink.service.GetInterfaceDescription\`.`],
    declarations: [
      { name: ctx.api.description, type: "string", initializer: templateLiteral(ctx.iface.source.text) },
    ],
  };
}

/**
 * An interface without methods (only types and errors) has nothing to handle: its definition
 * and register function take no handlers, so they carry no unused parameters.
 */
function emitMethodlessServer(ctx: GeneratorContext): StatementStructures[] {
  const { description, createDefinition, register } = ctx.api;
  const name = JSON.stringify(ctx.iface.name);
  return [
    emitDescription(ctx),
    {
      kind: Kind.Function,
      name: createDefinition,
      isExported: true,
      docs: [
        `The runtime definition of \`${ctx.iface.name}\` (no methods) for \`VarlinkServer.addInterface\`: it serves the IDL.`,
      ],
      returnType: ctx.rtType("InterfaceDefinition"),
      statements: [`return { name: ${name}, description: ${description}, methods: {} };`],
    },
    {
      kind: Kind.Function,
      name: register,
      isExported: true,
      docs: [`Adds \`${ctx.iface.name}\` to \`server\`.`],
      parameters: [{ name: "server", type: ctx.rtType("VarlinkServer") }],
      returnType: "void",
      statements: [`server.addInterface(${createDefinition}());`],
    },
  ];
}

/** The handler interface, service options, IDL text, definition factory and register function. */
export function emitServer(ctx: GeneratorContext): StatementStructures[] {
  if (ctx.methods.length === 0) return emitMethodlessServer(ctx);
  const { service, serviceOptions, description, createDefinition, register } = ctx.api;
  const callContext = ctx.rtType("CallContext");
  const definition = ctx.rtType("InterfaceDefinition");
  const server = ctx.rtType("VarlinkServer");
  // Generic over the handlers' own type so a misspelt handler name is a compile error even when
  // the service is a class instance or a variable (object literals alone get excess-property checks).
  const knownOnly = ctx.rtType("OnlyKnownHandlers");
  // What the compile error of a misspelt handler says: the interface and the names it has.
  const where = JSON.stringify(
    `${ctx.iface.name} (its handlers: ${ctx.methods.map((m) => m.handler).join(", ")})`,
  );
  return [
    {
      kind: Kind.Interface,
      name: service,
      isExported: true,
      docs: jsDoc(
        ctx.iface.doc,
        `The handlers of \`${ctx.iface.name}\`. Return a result or a promise of one; a method marked \`[Supports 'more' flag]\` may also, and one marked \`[Requires 'more' flag]\` must, return an async iterable of results. Throw this interface's error classes for declared errors.`,
      ),
      methods: ctx.methods.map((m) => ({
        name: m.handler,
        docs: jsDoc(m.decl.doc, `Handles \`${m.wireName}\`; parameters are already validated.`),
        parameters: [
          { name: "parameters", type: m.parameters.name },
          { name: "context", type: callContext },
        ],
        returnType: handlerReturnType(m),
      })),
    },
    {
      kind: Kind.Interface,
      name: serviceOptions,
      isExported: true,
      docs: [`Options of {@link ${createDefinition}}.`],
      properties: [
        {
          name: "rejectUnknownParameters",
          type: "boolean",
          hasQuestionToken: true,
          isReadonly: true,
          docs: [
            "Answer `InvalidParameter` when a call has parameters the interface does not declare (as systemd does); default true. False ignores them (as varlink/go does).",
          ],
        },
        {
          name: "streamEnd",
          type: `{ readonly [K in keyof ${service}]?: "last-yield" | "return" }`,
          hasQuestionToken: true,
          isReadonly: true,
          docs: [
            'How a streaming handler\'s `more` replies go out. `"last-yield"` (default): each yielded value is sent once the next one is produced, so the last one ends the stream. `"return"`: each value is sent at once and the generator\'s `return` value is the final reply (`{}` when it returns nothing); for streams that wait for events (monitoring), which would otherwise hold every event back until the next.',
          ],
        },
      ],
    },
    emitDescription(ctx),
    {
      kind: Kind.Function,
      name: createDefinition,
      isExported: true,
      docs: [
        `The runtime definition of \`${ctx.iface.name}\` for \`VarlinkServer.addInterface\`. Handlers left out answer \`MethodNotImplemented\`; a function-valued member that is not a handler (a misspelt name) is a compile error; parameters are validated strictly and a problem answers \`InvalidParameter\` with its path.`,
      ],
      typeParameters: [
        { name: "S", constraint: `Partial<${service}> & ${knownOnly}<S, ${service}, ${where}>` },
      ],
      parameters: [
        { name: "service", type: "S" },
        { name: "options", type: serviceOptions, initializer: "{}" },
      ],
      returnType: definition,
      statements: [
        "const strict = options.rejectUnknownParameters ?? true;",
        [
          "return {",
          `  name: ${JSON.stringify(ctx.iface.name)},`,
          `  description: ${description},`,
          // Bigint mode: the server parses ints beyond 2^53 exactly for this interface's calls.
          ...(ctx.options.int === "bigint" ? ["  exactIntegers: true,"] : []),
          "  methods: {",
          ...ctx.methods.flatMap((m) =>
            methodEntry(ctx, m)
              .split("\n")
              .map((l) => `    ${l}`),
          ),
          "  },",
          "};",
        ].join("\n"),
      ],
    },
    {
      kind: Kind.Function,
      name: register,
      isExported: true,
      docs: [`Adds \`${ctx.iface.name}\`, served by \`service\`, to \`server\`.`],
      typeParameters: [
        { name: "S", constraint: `Partial<${service}> & ${knownOnly}<S, ${service}, ${where}>` },
      ],
      parameters: [
        { name: "server", type: server },
        { name: "service", type: "S" },
        { name: "options", type: serviceOptions, hasQuestionToken: true },
      ],
      returnType: "void",
      statements: [`server.addInterface(${createDefinition}<S>(service, options));`],
    },
  ];
}
