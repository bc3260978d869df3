/**
 * The greeter service: implements org.example.greeter on the generated skeleton and listens on
 * the address given as the first argument (default unix:/tmp/org.example.greeter).
 */
import {
  EmptyName,
  registerGreeterService,
  type GreeterService,
  type Language,
} from "./generated/org.example.greeter.js";
import { VarlinkServer } from "./generated/runtime/index.js";

const words: Record<Language, string> = { en: "Hello", de: "Hallo", fr: "Bonjour" };

const service: GreeterService = {
  greet({ name, language }) {
    if (name === "") throw new EmptyName();
    const lang = language ?? "en";
    return { greeting: { text: `${words[lang]}, ${name}!`, language: lang } };
  },
  async *greetAll({ names }) {
    for (const name of names) yield { greeting: { text: `${words.en}, ${name}!`, language: "en" as const } };
  },
};

const server = new VarlinkServer({
  vendor: "example",
  product: "greeter",
  version: "1.0.0",
  url: "https://example.org/greeter",
});
registerGreeterService(server, service);
const listener = await server.listen(process.argv[2] ?? "unix:/tmp/org.example.greeter");
console.log(`listening on ${listener.address}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close());
