/**
 * E2E scenario for absent optionals, compiled together with the generated org.example.all-types
 * and io.example.user modules: typed calls and handlers that put `null` in optional members
 * (top level and nested in structs, arrays and maps), next to `null`s that are data (array
 * elements, map values, `object` contents, a plain `any`). The test reads the bytes on the wire.
 */
import { AllTypesClient, registerAllTypesService, type EchoParameters } from "./org.example.all-types.js";
import { UserClient, registerUserService, type User } from "./io.example.user.js";
import { VarlinkClient, VarlinkServer } from "./runtime/index.js";

/** Echo's parameters with every kind of `null`: optional members, and data. */
export function echoParameters(): EchoParameters {
  return {
    primitives: { b: true, i: 1, f: 1.5, s: "s", o: { data: null }, a: null },
    containers: {
      list: [],
      map: {},
      set: {},
      optional: null,
      optionalList: null,
      listOfOptional: [1, null],
      deep: [null, { c: "red" }],
      mapOfLists: {},
      listOfSets: [],
      optionalSet: null,
      matrix: [],
      anyList: [null],
      objects: { o: { data: null } },
    },
    nested: {
      point: { x: 0, y: 0 },
      shape: "circle",
      deep: {
        inner: {
          leaf: null,
          values: [
            { key: "k", value: null },
            { key: "v", value: 1 },
          ],
        },
      },
      maybe: null,
      empty: {},
    },
  };
}

/** A user whose optional `fullName` is null. */
function user(username: string): User {
  return {
    username,
    email: `${username}@example.org`,
    fullName: null,
    role: "member",
    createdAt: 1,
    tags: {},
  };
}

/**
 * Calls Echo and ListUsers (with only a null optional: no parameters at all) through the
 * generated clients; returns whether the caller's objects were left as they were.
 */
export async function runClient(address: string): Promise<{ unchanged: boolean }> {
  const varlink = await VarlinkClient.connect(address);
  try {
    const parameters = echoParameters();
    await new AllTypesClient(varlink, { validateReplies: false }).echo(parameters);
    const filter = { role: null };
    await new UserClient(varlink, { validateReplies: false }).listUsers(filter);
    const unchanged = JSON.stringify(parameters) === JSON.stringify(echoParameters()) && filter.role === null;
    return { unchanged };
  } finally {
    await varlink.close();
  }
}

/** Serves Echo (echoes what it got, nulls included) and GetUserInfo/ListUsers (nulls in replies). */
export async function startServer(address: string): Promise<{ server: VarlinkServer; bound: string }> {
  const server = new VarlinkServer({
    vendor: "test",
    product: "absent",
    version: "1",
    url: "https://example.org",
  });
  registerAllTypesService(server, { echo: () => echoParameters() });
  registerUserService(server, {
    getUserInfo: ({ username }) => ({ user: user(username) }),
    listUsers: async function* () {
      yield { user: user("a") };
      yield { user: user("b") };
    },
  });
  return { server, bound: (await server.listen(address)).address };
}
