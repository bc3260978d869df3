/**
 * The client: a class per interface wrapping a `VarlinkCaller` (one connection or a pooled
 * service client), with ONE member per method. What it returns says what the IDL says: a
 * method marked `[Requires 'more' flag]` returns the stream of replies; any other returns a
 * promise of the reply, and its overloads take `{ more: true }` (the stream; the IDL cannot say
 * a method does not stream: certification's Test10 streams unmarked) or `{ oneway: true }`
 * (`Promise<void>`). `[Idempotent]` methods pass `idempotent: true` in their call options.
 * Replies are checked leniently (unknown fields allowed) unless `validateReplies: false`.
 */
import type {
  MethodDeclarationOverloadStructure,
  MethodDeclarationStructure,
  OptionalKind,
  StatementStructures,
} from "ts-morph";
import { jsDoc, type GeneratorContext, type MethodPlan } from "./context.js";
import { omitterOf } from "./emit-omitters.js";
import { Kind } from "./structures.js";

function parametersOptional(method: MethodPlan): boolean {
  return method.decl.input.fields.every((f) => f.type.kind === "nullable");
}

/**
 * The settings the typed methods hand to the runtime's `typedInvoke`/`typedCallMore`, which send
 * (the runtime writes bigints exactly), check the reply and narrow declared errors, so each typed
 * method is one line and no module repeats the helpers.
 */
function callerInit(ctx: GeneratorContext): string {
  const narrow = ctx.errors.length > 0 ? ctx.api.narrowError : "undefined";
  const bigint = ctx.options.int === "bigint";
  return [
    "this.#caller = {",
    "  varlink,",
    "  check: options.validateReplies ?? true,",
    `  bigint: ${bigint},`,
    `  narrow: ${narrow},`,
    "};",
  ].join("\n");
}

/** The parameters a method sends: through its omit pass when it has optionals (absent, not `null`). */
function sentParameters(ctx: GeneratorContext, method: MethodPlan): string {
  const omit = omitterOf(ctx, method.parameters);
  return omit === undefined ? "parameters" : `${omit}(parameters)`;
}

/** The options a method passes on: the caller's, plus `idempotent: true` for `[Idempotent]` methods. */
function passedOptions(method: MethodPlan): string {
  return method.decl.idempotent ? "{ ...options, idempotent: true }" : "options";
}

/** A method marked `[Requires 'more' flag]`: the stream of replies, nothing else. */
function emitStreamOnly(ctx: GeneratorContext, method: MethodPlan): OptionalKind<MethodDeclarationStructure> {
  const result = method.result.name;
  return {
    name: method.call,
    docs: jsDoc(
      method.decl.doc,
      `Calls \`${method.wireName}\` with \`more\`: yields every reply until the last one.`,
    ),
    parameters: [
      {
        name: "parameters",
        type: method.parameters.name,
        ...(parametersOptional(method) ? { initializer: "{}" } : {}),
      },
      { name: "options", type: ctx.rtType("CallOptions"), hasQuestionToken: true },
    ],
    returnType: `AsyncGenerator<${result}, void, undefined>`,
    statements: [
      `return ${ctx.rt("typedCallMore")}<${result}>(this.#caller, ${JSON.stringify(method.wireName)}, ${sentParameters(ctx, method)}, ${method.result.validator}, ${passedOptions(method)});`,
    ],
  };
}

/**
 * Any other method: one member whose overloads pick the call shape from the options (plain
 * call by default, `{ more: true }` streams, `{ oneway: true }` awaits no reply).
 */
function emitMethod(ctx: GeneratorContext, method: MethodPlan): OptionalKind<MethodDeclarationStructure> {
  const result = method.result.name;
  const optional = parametersOptional(method);
  const parameters = { name: "parameters", type: method.parameters.name };
  const flag = (type: string) => [parameters, { name: "options", type }];
  const streams =
    method.decl.more === "supports"
      ? "yields every reply until the last one"
      : "yields every reply until the last one (the IDL does not mark it as streaming: a server that does not stream sends one)";
  const overloads: OptionalKind<MethodDeclarationOverloadStructure>[] = [
    {
      docs: jsDoc(method.decl.doc, `Calls \`${method.wireName}\`.`),
      parameters: [
        { ...parameters, hasQuestionToken: optional },
        { name: "options", type: ctx.rtType("CallOptions"), hasQuestionToken: true },
      ],
      returnType: `Promise<${result}>`,
    },
    {
      docs: [`Calls \`${method.wireName}\` with \`more\`: ${streams}.`],
      parameters: flag(ctx.rtType("MoreCallOptions")),
      returnType: `AsyncGenerator<${result}, void, undefined>`,
    },
    {
      docs: [`Calls \`${method.wireName}\` with \`oneway\`: no reply is sent, so none is awaited.`],
      parameters: flag(ctx.rtType("OnewayCallOptions")),
      returnType: "Promise<void>",
    },
  ];
  return {
    name: method.call,
    overloads,
    parameters: [
      { ...parameters, ...(optional ? { initializer: "{}" } : {}) },
      {
        name: "options",
        type: ctx.rtType("TypedCallOptions"),
        hasQuestionToken: true,
      },
    ],
    returnType: `Promise<${result}> | AsyncGenerator<${result}, void, undefined> | Promise<void>`,
    statements: [
      `return ${ctx.rt("typedInvoke")}<${result}>(this.#caller, ${JSON.stringify(method.wireName)}, ${sentParameters(ctx, method)}, ${method.result.validator}, ${passedOptions(method)});`,
    ],
  };
}

/**
 * The runtime client `connect()` opens, and its options type: the one place to change when
 * generated clients move to another runtime client (the pooled `ServiceClient`).
 */
const connectVia = { client: "ServiceClient", options: "ServiceClientOptions" } as const;

/** `static connect(target, options)`: opens a runtime client and wraps it. */
function emitConnect(ctx: GeneratorContext): OptionalKind<MethodDeclarationStructure> {
  const { client, clientOptions } = ctx.api;
  // Bigint mode reads ints beyond 2^53 exactly; number mode keeps plain JSON.parse.
  const connectWith = ctx.options.int === "bigint" ? "{ ...options, exactIntegers: true }" : "options";
  return {
    name: "connect",
    isStatic: true,
    isAsync: true,
    docs: [
      'Connects to `target` through a pooled, balanced, retrying `ServiceClient`: an address (`unix:/run/x`, `tcp:127.0.0.1:1234`), a comma-separated list, `dns:NAME:PORT`, `dns+srv:NAME` or `resolver:INTERFACE` (docs/runtime.md, "Service client"). Wrap a `VarlinkClient` with `new` for one plain connection.',
    ],
    parameters: [
      { name: "target", type: "string" },
      { name: "options", type: `${clientOptions} & ${ctx.rtType(connectVia.options)}`, initializer: "{}" },
    ],
    returnType: `Promise<${client}>`,
    statements: [
      `return new ${client}(await ${ctx.rt(connectVia.client)}.connect(target, ${connectWith}), options);`,
    ],
  };
}

/** The options interface and the client class (none for an interface without methods). */
export function emitClient(ctx: GeneratorContext): StatementStructures[] {
  // Nothing to call: no client (its helpers and options would all be unused).
  if (ctx.methods.length === 0) return [];
  const { client, clientOptions } = ctx.api;
  const caller = ctx.rtType("VarlinkCaller");
  return [
    {
      kind: Kind.Interface,
      name: clientOptions,
      isExported: true,
      docs: [`Options of {@link ${client}}.`],
      properties: [
        {
          name: "validateReplies",
          type: "boolean",
          hasQuestionToken: true,
          isReadonly: true,
          docs: [
            "Check every reply against the interface (unknown fields are allowed, wrong types are not) and throw `ReplyValidationError`; default true.",
          ],
        },
      ],
    },
    {
      kind: Kind.Class,
      name: client,
      isExported: true,
      docs: jsDoc(ctx.iface.doc, `Typed client of \`${ctx.iface.name}\`.`),
      properties: [
        {
          name: "varlink",
          isReadonly: true,
          type: caller,
          docs: ["The untyped runtime client underneath, for calls outside this interface."],
        },
        { name: "#caller", isReadonly: true, type: ctx.rtType("TypedCaller") },
      ],
      ctors: [
        {
          docs: [
            "Wraps an open runtime client: a `VarlinkClient` (one connection) or any other `VarlinkCaller` (a pooled service client); it is shared, not copied.",
          ],
          parameters: [
            { name: "varlink", type: caller },
            { name: "options", type: clientOptions, initializer: "{}" },
          ],
          statements: ["this.varlink = varlink;", callerInit(ctx)],
        },
      ],
      methods: [
        emitConnect(ctx),
        {
          name: "close",
          docs: ["Closes the runtime client underneath; pending calls are rejected."],
          returnType: "Promise<void>",
          statements: ["return this.varlink.close();"],
        },
        ...ctx.methods.map((m) => (m.decl.more === "requires" ? emitStreamOnly(ctx, m) : emitMethod(ctx, m))),
      ],
    },
  ];
}
