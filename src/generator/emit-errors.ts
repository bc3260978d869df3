/**
 * Declared errors: a class per error on the runtime's `VarlinkError` (handlers throw them, clients
 * catch them), a type guard per error so `catch` can narrow, and one function that turns a plain
 * remote `VarlinkError` of this interface into its typed class.
 */
import type { StatementStructures } from "ts-morph";
import { jsDoc, type ErrorPlan, type GeneratorContext } from "./context.js";
import { Kind } from "./structures.js";

function emitErrorClass(ctx: GeneratorContext, error: ErrorPlan): StatementStructures[] {
  const varlinkError = ctx.rt("VarlinkError");
  const params = error.parameters.name;
  const optional = error.decl.parameters.fields.every((f) => f.type.kind === "nullable");
  const name = JSON.stringify(error.wireName);
  return [
    {
      kind: Kind.Class,
      name: error.className,
      isExported: true,
      extends: varlinkError,
      docs: jsDoc(error.decl.doc, `The Varlink error \`${error.wireName}\`.`),
      properties: [
        {
          name: "errorName",
          isStatic: true,
          isReadonly: true,
          initializer: name,
          docs: ["The fully qualified Varlink error name."],
        },
        {
          name: "parameters",
          hasDeclareKeyword: true,
          isReadonly: true,
          type: `${params} & Record<string, unknown>`,
        },
      ],
      ctors: [
        {
          parameters: [
            { name: "parameters", type: params, ...(optional ? { initializer: "{}" } : {}) },
            { name: "options", type: "ErrorOptions", hasQuestionToken: true },
          ],
          statements: [`super(${name}, parameters as ${params} & Record<string, unknown>, options);`],
        },
      ],
    },
    {
      kind: Kind.Function,
      name: error.guard,
      isExported: true,
      docs: [`True when \`error\` is the Varlink error \`${error.wireName}\` (typed or as received).`],
      parameters: [{ name: "error", type: "unknown" }],
      returnType: `error is ${error.className}`,
      statements: [`return error instanceof ${varlinkError} && error.error === ${name};`],
    },
  ];
}

/** The error classes, guards and the narrowing function (only when the interface declares errors). */
export function emitErrors(ctx: GeneratorContext): StatementStructures[] {
  if (ctx.errors.length === 0) return [];
  const varlinkError = ctx.rt("VarlinkError");
  // The parameters are checked against the IDL (and, in bigint mode, decoded in place) before
  // typing them: a mismatch is a ReplyValidationError, like a bad reply.
  const bigint = ctx.options.int === "bigint";
  const checkError = ctx.rt("checkErrorReply");
  const cases = ctx.errors.flatMap((e) => [
    `  case ${JSON.stringify(e.wireName)}:`,
    `    return (`,
    `      ${checkError}(method, error, ${e.parameters.validator}, check, ${bigint}) ??`,
    `      new ${e.className}(error.parameters as unknown as ${e.parameters.name}, { cause: error })`,
    `    );`,
  ]);
  return [
    ...ctx.errors.flatMap((e) => emitErrorClass(ctx, e)),
    {
      kind: Kind.Function,
      name: ctx.api.narrowError,
      isExported: true,
      docs: [
        `Turns a plain remote {@link ${varlinkError}} declared by \`${ctx.iface.name}\` into its typed class, or into a \`ReplyValidationError\` when its parameters do not match the IDL (with \`check\`, the default); returns anything else unchanged.`,
      ],
      parameters: [
        { name: "error", type: "unknown" },
        { name: "method", initializer: '""' },
        { name: "check", initializer: "true" },
      ],
      returnType: "unknown",
      statements: [
        [
          `if (!(error instanceof ${varlinkError}) || Object.getPrototypeOf(error) !== ${varlinkError}.prototype) return error;`,
          "switch (error.error) {",
          ...cases,
          "  default:",
          "    return error;",
          "}",
        ].join("\n"),
      ],
    },
  ];
}
