/**
 * Against the real systemd-userdbd (socket-activated, as systemd starts it), where installed:
 * a call without `parameters` (UAPI.20: omitted when empty) is answered like one with `{}`, and
 * an optional filter sent as `null` is not the same as one left out (EINVAL), so a generated
 * client that leaves absent optionals out gets the record.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenAbstract, spawnActivated } from "../../packages/runtime/src/transports/exec.js";
import { exchange, frame } from "../hardening/wire.js";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";
import { idl } from "../helpers/idl.js";

const USERDBD = "/lib/systemd/systemd-userdbd";

/** The part of systemd's io.systemd.UserDatabase (src/shared/varlink-io.systemd.UserDatabase.c) used here. */
const USER_DATABASE = `interface io.systemd.UserDatabase
method GetUserRecord(uid: ?int, userName: ?string, service: string) -> (record: object, incomplete: bool)
method GetGroupRecord(gid: ?int, groupName: ?string, service: string) -> (record: object, incomplete: bool)
error NoRecordFound()
error BadService()
error ServiceNotAvailable()
error ConflictingRecordFound()
`;

const MULTIPLEXER = "io.systemd.Multiplexer";

describe.skipIf(!existsSync(USERDBD))("systemd-userdbd", () => {
  let address: string;
  let stop: () => void;

  beforeAll(async () => {
    // One activated userdbd for the raw calls: a listening socket handed over as fd 3.
    const listener = await listenAbstract("userdbd test");
    const child = spawnActivated(USERDBD, [], [{ fd: listener.fd, name: "varlink" }]);
    listener.server.close();
    address = `unix:\0${listener.name}`;
    stop = () => child.kill();
  });
  afterAll(() => stop?.());

  it("answers a call without parameters as one with {} (and keeps the connection)", async () => {
    const method = "io.systemd.UserDatabase.GetUserRecord";
    const { replies, closed } = await exchange(
      address,
      `{"method":"${method}"}\0` + frame({ method, parameters: {} }),
      { expectReplies: 2 },
    );
    const badService = '{"error":"io.systemd.UserDatabase.BadService","parameters":{}}';
    expect({ replies, closed }).toEqual({ replies: [badService, badService], closed: false });
  }, 60_000);

  it.each([
    ["left out", { userName: "root" }, "root"],
    ["sent as null", { userName: "root", uid: null }, 'io.systemd.System {"errno":22}'],
  ])(
    "an optional filter %s",
    async (_name, filter, answer) => {
      const call = frame({
        method: "io.systemd.UserDatabase.GetUserRecord",
        parameters: { ...filter, service: MULTIPLEXER },
      });
      const { replies } = await exchange(address, call, { expectReplies: 1 });
      const reply = JSON.parse(replies[0]!) as {
        error?: string;
        parameters: { record?: { userName?: string } };
      };
      const got =
        reply.error === undefined
          ? reply.parameters.record?.userName
          : `${reply.error} ${JSON.stringify(reply.parameters)}`;
      expect(got).toBe(answer);
    },
    60_000,
  );

  describe("a generated client", () => {
    let project: GeneratedProject;
    beforeAll(async () => {
      project = await buildProject([idl(USER_DATABASE)], ["test/e2e/scenarios/userdbd-scenario.ts"]);
    }, 240_000);
    afterAll(async () => project?.remove());

    it("gets the records when the other filter is null (it is left out, not sent)", async () => {
      const scenario = await project.load<{ lookUpRoot(address: string): Promise<unknown> }>(
        "userdbd-scenario.ts",
      );
      expect(await scenario.lookUpRoot(`exec:${USERDBD}`)).toEqual({ user: "root", group: "root" });
    }, 60_000);
  });
});
