/**
 * The client: a class per interface with, for every method, a plain call (unless the method
 * requires `more`), a `…More` variant returning an AsyncIterable of results and a `…Oneway`
 * variant. The IDL cannot say whether a method streams (certification's Test10 streams without a
 * mark), so every method gets every variant; systemd's `[Requires 'more' flag]` drops the plain one.
 * Replies are checked leniently (unknown fields allowed) unless `validateReplies: false`.
 */
import type { MethodDeclarationStructure, OptionalKind, StatementStructures } from "ts-morph";
import { jsDoc, type GeneratorContext, type MethodPlan } from "./context.js";
import { Kind } from "./structures.js";

function parametersOptional(method: MethodPlan): boolean {
  return method.decl.input.fields.every((f) => f.type.kind === "nullable");
}

/**
 * The private helpers the public methods delegate to: they send (the runtime writes bigints
 * exactly), check the reply and narrow declared errors, so each typed method is one line. No plain-call
 * helper when every method requires `more`, so the module passes `noUnusedLocals`.
 */
function emitHelpers(ctx: GeneratorContext): OptionalKind<MethodDeclarationStructure>[] {
  const bigint = ctx.options.int === "bigint";
  const check = `${ctx.rt("checkReply")}<R>(method, reply, validate, this.#check, ${bigint})`;
  const callOptions = ctx.rtType("CallOptions");
  const validator = ctx.rtType("Validator");
  const narrow = ctx.errors.length > 0 ? ctx.api.narrowError : undefined;
  const guarded = (body: string[]): string[] =>
    narrow === undefined
      ? body
      : [
          "try {",
          ...body.map((l) => `  ${l}`),
          "} catch (error) {",
          `  throw ${narrow}(error, method, this.#check);`,
          "}",
        ];
  const parameters = [
    { name: "method", type: "string" },
    { name: "parameters", type: "object" },
    { name: "validate", type: validator },
    { name: "options", type: `${callOptions} | undefined` },
  ];
  const helpers: OptionalKind<MethodDeclarationStructure>[] = [
    {
      name: "#call",
      isAsync: true,
      typeParameters: ["R"],
      parameters,
      returnType: "Promise<R>",
      statements: guarded([
        `const reply = await this.varlink.call(method, parameters, options);`,
        `return ${check};`,
      ]),
    },
    {
      name: "#callMore",
      isAsync: true,
      isGenerator: true,
      typeParameters: ["R"],
      parameters,
      returnType: "AsyncGenerator<R, void, undefined>",
      statements: guarded([
        `for await (const reply of this.varlink.callMore(method, parameters, options)) yield ${check};`,
      ]),
    },
    {
      name: "#callOneway",
      parameters: [parameters[0]!, parameters[1]!, parameters[3]!],
      returnType: "Promise<void>",
      statements: [`return this.varlink.callOneway(method, parameters, options);`],
    },
  ];
  return ctx.methods.some((m) => m.call !== undefined) ? helpers : helpers.slice(1);
}

function emitMethods(ctx: GeneratorContext, method: MethodPlan): OptionalKind<MethodDeclarationStructure>[] {
  const wire = JSON.stringify(method.wireName);
  const result = method.result.name;
  const parameters = [
    {
      name: "parameters",
      type: method.parameters.name,
      ...(parametersOptional(method) ? { initializer: "{}" } : {}),
    },
    { name: "options", type: ctx.rtType("CallOptions"), hasQuestionToken: true },
  ];
  // The IDL's doc goes on the first method of the three only; the variants point back to it.
  const doc = (how: string, first: boolean): string[] =>
    jsDoc(first ? method.decl.doc : undefined, `Calls \`${method.wireName}\`${how}.`);
  const methods: OptionalKind<MethodDeclarationStructure>[] = [];
  if (method.call !== undefined) {
    methods.push({
      name: method.call,
      docs: doc("", true),
      parameters,
      returnType: `Promise<${result}>`,
      statements: [`return this.#call<${result}>(${wire}, parameters, ${method.result.validator}, options);`],
    });
  }
  methods.push(
    {
      name: method.more,
      docs: doc(" with `more`: yields every reply until the last one", method.call === undefined),
      parameters,
      returnType: `AsyncGenerator<${result}, void, undefined>`,
      statements: [
        `return this.#callMore<${result}>(${wire}, parameters, ${method.result.validator}, options);`,
      ],
    },
    {
      name: method.oneway,
      docs: doc(" with `oneway`: no reply is sent, so none is awaited", false),
      parameters,
      returnType: "Promise<void>",
      statements: [`return this.#callOneway(${wire}, parameters, options);`],
    },
  );
  return methods;
}

/** The options interface and the client class (none for an interface without methods). */
export function emitClient(ctx: GeneratorContext): StatementStructures[] {
  // Nothing to call: no client (its helpers and options would all be unused).
  if (ctx.methods.length === 0) return [];
  const { client, clientOptions } = ctx.api;
  const varlinkClient = ctx.rt("VarlinkClient");
  const connectOptions = ctx.rtType("ClientOptions");
  // Bigint mode reads ints beyond 2^53 exactly; number mode keeps plain JSON.parse.
  const connectWith = ctx.options.int === "bigint" ? "{ ...options, exactIntegers: true }" : "options";
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
          type: varlinkClient,
          docs: ["The untyped runtime client underneath, for calls outside this interface."],
        },
        { name: "#check", isReadonly: true, type: "boolean" },
      ],
      ctors: [
        {
          docs: ["Wraps an open runtime client (its connection is shared, not copied)."],
          parameters: [
            { name: "varlink", type: varlinkClient },
            { name: "options", type: clientOptions, initializer: "{}" },
          ],
          statements: ["this.varlink = varlink;", "this.#check = options.validateReplies ?? true;"],
        },
      ],
      methods: [
        {
          name: "connect",
          isStatic: true,
          isAsync: true,
          docs: ["Connects to `address` (`unix:/run/x`, `unix:@abstract`, `tcp:127.0.0.1:1234`)."],
          parameters: [
            { name: "address", type: "string" },
            { name: "options", type: `${clientOptions} & ${connectOptions}`, initializer: "{}" },
          ],
          returnType: `Promise<${client}>`,
          statements: [
            `return new ${client}(await ${varlinkClient}.connect(address, ${connectWith}), options);`,
          ],
        },
        {
          name: "close",
          docs: ["Closes the connection; pending calls are rejected."],
          returnType: "Promise<void>",
          statements: ["return this.varlink.close();"],
        },
        ...emitHelpers(ctx),
        ...ctx.methods.flatMap((m) => emitMethods(ctx, m)),
      ],
    },
  ];
}
