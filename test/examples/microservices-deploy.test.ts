/**
 * examples/microservices/deploy: every Kubernetes manifest document validates against the
 * Kubernetes schemas (kubernetes-models), cert-manager's Certificate/Issuer (not in those
 * schemas) have the fields cert-manager requires, and the pieces fit together: selectors match
 * pod labels, probes name a declared port and a path the service serves, the NetworkPolicy
 * lets only OrderService reach UserService's Varlink port, PDBs leave room for a disruption,
 * the grace period covers the drain, and the TLS files the config names are the ones mounted.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is untyped: kubernetes-models and the checks below give it its shape */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Service } from "kubernetes-models/v1";

// js-yaml comes with eslint (no types of its own here): only loadAll is used.
const { loadAll } = createRequire(import.meta.url)("js-yaml") as { loadAll(text: string): unknown[] };

const DIR = "examples/microservices/deploy";
type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
  string,
  any
>;

const docs: { file: string; doc: Doc }[] = readdirSync(join(DIR, "k8s"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((file) =>
    loadAll(readFileSync(join(DIR, "k8s", file), "utf8"))
      .filter((d) => d != null)
      .map((doc) => ({ file, doc: doc as Doc })),
  );
const of = (kind: string, name?: string): Doc[] =>
  docs
    .filter((d) => d.doc.kind === kind && (name === undefined || d.doc.metadata.name === name))
    .map((d) => d.doc);
const one = (kind: string, name: string): Doc => {
  const found = of(kind, name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
};

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1 Deployment": Deployment,
  "v1 Service": Service,
  "v1 ConfigMap": ConfigMap,
  "v1 Namespace": Namespace,
  "networking.k8s.io/v1 NetworkPolicy": NetworkPolicy,
  "policy/v1 PodDisruptionBudget": PodDisruptionBudget,
};

describe("the Kubernetes manifests", () => {
  it("has every required kind", () => {
    expect(new Set(docs.map((d) => d.doc.kind))).toEqual(
      new Set([
        "Namespace",
        "ConfigMap",
        "Issuer",
        "Certificate",
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "NetworkPolicy",
      ]),
    );
  });

  it.each(docs.map((d) => [`${d.file}: ${d.doc.kind}/${d.doc.metadata.name}`, d.doc] as const))(
    "%s validates",
    (_, doc) => {
      expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
      if (doc.kind !== "Namespace") expect(doc.metadata.namespace).toBe("shop");
      if (doc.apiVersion === "cert-manager.io/v1") {
        // cert-manager's CRDs: the fields it requires, checked by hand.
        if (doc.kind === "Issuer") expect(typeof doc["spec"].ca.secretName).toBe("string");
        else {
          const spec = doc["spec"];
          expect(spec.secretName).toBe(`${doc.metadata.name}-tls`);
          expect(spec.issuerRef).toEqual({
            name: one("Issuer", "microservices-ca").metadata.name,
            kind: "Issuer",
          });
          expect(spec.dnsNames).toEqual([`${doc.metadata.name}.shop.svc.cluster.local`]);
          expect(spec.usages).toEqual(["server auth", "client auth"]); // mutual TLS: both ends
        }
        return;
      }
      const Model = MODELS[`${doc.apiVersion} ${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(() => new Model!(doc as never).validate()).not.toThrow();
    },
  );

  const config = one("ConfigMap", "microservices-config")["data"] as Record<string, string>;

  describe.each(["user-service", "order-service"])("%s", (name) => {
    const deployment = one("Deployment", name);
    const pod = deployment["spec"].template;
    const container = pod.spec.containers[0];
    const ports = new Map<string, number>(
      container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
    );

    it("selectors match the pod labels (Deployment, Service, PDB)", () => {
      const labels = pod.metadata.labels;
      for (const selector of [
        deployment["spec"].selector.matchLabels,
        one("Service", name)["spec"].selector,
        one("PodDisruptionBudget", name)["spec"].selector.matchLabels,
      ])
        expect(labels).toMatchObject(selector);
    });

    it("ports agree with the config, probes hit the health port's real paths", () => {
      expect(config["LISTEN"]).toBe(`tls:0.0.0.0:${ports.get("varlink")}`);
      expect(config["HTTP_LISTEN"]).toBe(`0.0.0.0:${ports.get("http")}`);
      expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
      const service = one("Service", name)["spec"];
      expect(service.ports).toEqual([
        { name: "varlink", port: 8443, targetPort: "varlink", protocol: "TCP" },
      ]);
    });

    it("the grace period covers the preStop pause and the drain", () => {
      const pause = Number(container.lifecycle.preStop.exec.command[1]);
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        pause + Number(config["DRAIN_TIMEOUT_MS"]) / 1000,
      );
    });

    it("the PDB leaves room for one voluntary disruption", () => {
      expect(one("PodDisruptionBudget", name)["spec"].minAvailable).toBeLessThan(deployment["spec"].replicas);
    });

    it("mounts its certificate's Secret where the config looks for the TLS files", () => {
      const volume = pod.spec.volumes.find((v: { name: string }) => v.name === "tls");
      expect(volume.secret.secretName).toBe(one("Certificate", name)["spec"].secretName);
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === "tls").mountPath;
      for (const [key, file] of [
        ["TLS_CERT", "tls.crt"],
        ["TLS_KEY", "tls.key"],
        ["TLS_CA", "ca.crt"],
      ])
        expect(config[key!]).toBe(`${mount}/${file}`);
    });

    it("runs as non-root with requests set", () => {
      expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
      });
      expect(container.resources.requests).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
    });
  });

  it("OrderService discovers UserService through the headless Service and checks its certificate name", () => {
    const env = new Map<string, string>(
      one("Deployment", "order-service")["spec"].template.spec.containers[0].env.map(
        (e: { name: string; value?: string }) => [e.name, e.value],
      ),
    );
    const headless = one("Service", "user-service");
    expect(headless["spec"].clusterIP).toBe("None");
    expect(env.get("USER_SERVICE")).toBe(
      `dns:user-service.shop.svc.cluster.local:${headless["spec"].ports[0].port}`,
    );
    expect(one("Certificate", "user-service")["spec"].dnsNames).toContain(env.get("USER_SERVICE_NAME"));
  });

  it("the NetworkPolicy lets only OrderService reach UserService's Varlink port", () => {
    const policies = of("NetworkPolicy");
    expect(policies).toHaveLength(1);
    const spec = policies[0]!["spec"];
    expect(spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "user-service" });
    expect(spec.policyTypes).toEqual(["Ingress"]);
    const toVarlink = spec.ingress.filter((rule: { ports?: { port: string | number }[] }) =>
      (rule.ports ?? []).some((p) => p.port === "varlink" || p.port === 8443),
    );
    expect(toVarlink).toEqual([
      {
        from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "order-service" } } }],
        ports: [{ port: "varlink", protocol: "TCP" }],
      },
    ]);
    // No rule without ports (that would open every port, Varlink included).
    expect(spec.ingress.every((rule: { ports?: unknown[] }) => (rule.ports ?? []).length > 0)).toBe(true);
  });
});

describe("compose.yaml", () => {
  const compose = loadAll(readFileSync(join(DIR, "compose.yaml"), "utf8"))[0] as Record<string, any>;
  it("runs three UserService replicas that OrderService finds by DNS, over mutual TLS", () => {
    const { services } = compose;
    expect(services["user-service"].deploy.replicas).toBe(3);
    expect(services["order-service"].environment.USER_SERVICE).toBe("dns:user-service:8443");
    for (const name of ["user-service", "order-service"]) {
      const env = services[name].environment;
      expect(env).toMatchObject({
        TLS_CERT: "/etc/tls/tls.crt",
        TLS_KEY: "/etc/tls/tls.key",
        TLS_CA: "/etc/tls/ca.crt",
      });
      expect(services[name].build.target).toBe(name);
      expect(Number(services[name].stop_grace_period.replace(/s$/, ""))).toBeGreaterThan(
        Number(env.DRAIN_TIMEOUT_MS) / 1000,
      );
    }
  });
});
