/**
 * Type names from other languages that people write in Varlink, and what Varlink spells instead.
 * Used for the hint of an unknown type.
 */
const table: ReadonlyArray<[RegExp, string]> = [
  [
    /^(u?int(8|16|32|64)|u(8|16|32|64)|i(8|16|32|64)|long|short|integer|Integer|Long|number|Number|uint|size_t)$/,
    "Varlink has one integer type, 'int' (64-bit signed)",
  ],
  [
    /^(float32|float64|f32|f64|double|Double|real|decimal)$/,
    "Varlink has one floating-point type, 'float' (a double)",
  ],
  [/^(boolean|Boolean)$/, "the boolean type is 'bool'"],
  [/^(str|text|String|char)$/, "the string type is 'string'"],
  [/^(map|Map|dict|Dict|Record|HashMap|hash)$/, "a map is written '[string]T', e.g. '[string]int'"],
  [/^(list|List|array|Array|Vec|vector|slice)$/, "an array is written '[]T', e.g. '[]string'"],
  [/^(set|Set)$/, "a set is written '[string]()'"],
  [/^(void|Void|unit|None|none|null|nil|empty)$/, "the empty struct is '()'"],
  [
    /^(json|Json|JSON|unknown|Any|interface|Value|variant)$/,
    "'any' is any JSON value and 'object' any JSON object",
  ],
  [
    /^(Object|dict_object|struct|Struct)$/,
    "'object' is any JSON object; a struct is written '(name: type, ...)'",
  ],
  [/^(bytes|Bytes|blob|buffer)$/, "Varlink has no bytes type; use 'string' (e.g. base64) or '[]int'"],
  [
    /^(timestamp|Timestamp|time|Date|date|datetime|Duration|duration)$/,
    "Varlink has no time type; use 'int' (e.g. microseconds) or 'string'",
  ],
];

/** A hint for a type name borrowed from another language, or undefined. */
export function foreignTypeHint(name: string): string | undefined {
  return table.find(([pattern]) => pattern.test(name))?.[1];
}
