/**
 * The greeter command line: `node dist/main.js <address> <name> [language]` calls Greet through
 * the generated client and prints the greeting; an empty name shows the typed error.
 */
import {
  GreeterClient,
  isEmptyName,
  LanguageValues,
  type Language,
} from "./generated/org.example.greeter.js";

const [address = "unix:/tmp/org.example.greeter", name = "", language] = process.argv.slice(2);
if (language !== undefined && !LanguageValues.includes(language as Language)) {
  console.error(`unknown language '${language}' (one of ${LanguageValues.join(", ")})`);
  process.exit(2);
}
const client = await GreeterClient.connect(address);
try {
  const { greeting } = await client.greet({
    name,
    ...(language === undefined ? {} : { language: language as Language }),
  });
  console.log(greeting.text);
} catch (error) {
  if (!isEmptyName(error)) throw error;
  console.error(`the service says: ${error.error}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
