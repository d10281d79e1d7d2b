import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import { buildDoccheck, componentBuildpacks, imageContents, orderBuildpack, PAKETO_GO_VERSION, read, root, runDoccheck } from "./doccheck";

// docs/kpack.yaml against the fields kpack's kpack.io/v1alpha2 types define, for kpack 0.17 and
// (without its ClusterLifecycle) 0.16: every key must be a field of the type (json tags), every
// value of the field's JSON type, and the rules of kpack's Validate methods must hold. kpack's
// Go module is not on the module proxy, so the types are transcribed below from its source
// (github.com/buildpacks-community/kpack, tags v0.16.1 and v0.17.2), each with its file.
// YAML is decoded by doccheck (yaml.v3, which refuses duplicate keys) and image names are
// checked by doccheck with go-containerregistry, as kpack checks them.
jest.setTimeout(10 * 60_000);

type FieldType = "string" | "boolean" | "integer" | "any" | { fields: Fields } | { list: FieldType } | { map: FieldType };
type Fields = Record<string, FieldType>;

// k8s.io/api core/v1 types.go: ObjectReference, LocalObjectReference, EnvVar(Source).
const objectReferenceFields: Fields = {
  kind: "string",
  namespace: "string",
  name: "string",
  uid: "string",
  apiVersion: "string",
  resourceVersion: "string",
  fieldPath: "string",
};
const objectReference: FieldType = { fields: objectReferenceFields };
const localObjectReference: FieldType = { fields: { name: "string" } };
const envVar: FieldType = {
  fields: {
    name: "string",
    value: "string",
    valueFrom: { fields: { fieldRef: "any", resourceFieldRef: "any", configMapKeyRef: "any", secretKeyRef: "any" } },
  },
};
// k8s.io/apimachinery meta/v1 types.go ObjectMeta: the fields a user writes (the API server sets the rest).
const objectMeta: FieldType = {
  fields: { name: "string", generateName: "string", namespace: "string", labels: { map: "string" }, annotations: { map: "string" } },
};
const image: FieldType = { fields: { image: "string" } };

/** The spec of each kind, per kpack version (pkg/apis/build/v1alpha2 and pkg/apis/core/v1alpha1). */
function specs(version: "0.16" | "0.17"): Record<string, Fields> {
  // core/v1alpha1 buildpack_types.go: BuildpackRef (BuildpackInfo inline + optional);
  // build/v1alpha2 builder_types.go: BuilderBuildpackRef (BuildpackRef + ObjectReference inline + image).
  const builderBuildpackRef: FieldType = {
    fields: { id: "string", version: "string", optional: "boolean", ...objectReferenceFields, image: "string" },
  };
  // builder_types.go BuilderSpec; `lifecycle` is new in 0.17.
  const builderSpec: Fields = {
    tag: "string",
    stack: objectReference,
    ...(version === "0.17" ? { lifecycle: objectReference } : {}),
    store: objectReference,
    order: { list: { fields: { group: { list: builderBuildpackRef } } } },
    additionalLabels: { map: "string" },
  };
  const kinds: Record<string, Fields> = {
    // cluster_stack_types.go ClusterStackSpec, ClusterStackSpecImage
    ClusterStack: { id: "string", buildImage: image, runImage: image, serviceAccountRef: objectReference },
    // cluster_store_types.go ClusterStoreSpec; core/v1alpha1 buildpack_types.go ImageSource
    ClusterStore: { sources: { list: image }, serviceAccountRef: objectReference },
    // cluster_builder_types.go ClusterBuilderSpec (BuilderSpec inline + serviceAccountRef)
    ClusterBuilder: { ...builderSpec, serviceAccountRef: objectReference },
    // image_types.go ImageSpec; core/v1alpha1 source_types.go SourceConfig, Git, Blob, Registry;
    // build_types.go ImageBuild; cosign_types.go CosignConfig
    Image: {
      tag: "string",
      builder: objectReference,
      serviceAccountName: "string",
      source: {
        fields: {
          git: { fields: { url: "string", revision: "string", initializeSubmodules: "boolean" } },
          blob: { fields: { url: "string", auth: "string", stripComponents: "integer" } },
          registry: { fields: { image: "string", imagePullSecrets: { list: localObjectReference } } },
          subPath: "string",
        },
      },
      cache: { fields: { volume: { fields: { size: "any", storageClassName: "string" } }, registry: { fields: { tag: "string" } } } },
      failedBuildHistoryLimit: "integer",
      successBuildHistoryLimit: "integer",
      imageTaggingStrategy: "string",
      projectDescriptorPath: "string",
      build: {
        fields: {
          services: { list: objectReference },
          cnbBindings: "any",
          env: { list: envVar },
          resources: "any",
          tolerations: "any",
          nodeSelector: { map: "string" },
          affinity: "any",
          runtimeClassName: "string",
          schedulerName: "string",
          buildTimeout: "integer",
          creationTime: "string",
        },
      },
      notary: "any",
      cosign: { fields: { annotations: { list: { fields: { name: "string", value: "string" } } } } },
      defaultProcess: "string",
      additionalTags: { list: "string" },
    },
  };
  // cluster_lifecycle_types.go ClusterLifecycleSpec (ImageSource inline + serviceAccountRef), new in 0.17.
  if (version === "0.17") kinds.ClusterLifecycle = { image: "string", serviceAccountRef: objectReference };
  return kinds;
}

/** Where a value does not fit its type: unknown keys, wrong JSON types. */
function typeProblems(value: unknown, type: FieldType, path: string): string[] {
  if (type === "any") return [];
  if (type === "string" || type === "boolean") return typeof value === type ? [] : [`${path}: expected a ${type}, got ${JSON.stringify(value)}`];
  if (type === "integer") return Number.isInteger(value) ? [] : [`${path}: expected an integer, got ${JSON.stringify(value)}`];
  if ("list" in type) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return value.flatMap((item, i) => typeProblems(item, type.list, `${path}[${i}]`));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected a mapping`];
  const entries = Object.entries(value);
  if ("map" in type) return entries.flatMap(([key, item]) => typeProblems(item, type.map, `${path}.${key}`));
  return entries.flatMap(([key, item]) => {
    const field = type.fields[key];
    return field ? typeProblems(item, field, `${path}.${key}`) : [`${path}.${key}: kpack defines no such field`];
  });
}

interface Ref {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** The parts of a kpack resource the checks read (the schema check sees all of it). */
interface Spec {
  [field: string]: unknown;
  image?: string;
  id?: string;
  buildImage?: { image?: string };
  runImage?: { image?: string };
  sources?: { image?: string }[];
  serviceAccountRef?: Ref;
  tag?: string;
  stack?: Ref;
  store?: Ref;
  lifecycle?: Ref;
  order?: { group?: (Ref & { id?: string; version?: string; image?: string })[] }[];
  builder?: Ref;
  source?: { git?: { url?: string; revision?: string }; blob?: unknown; registry?: unknown; subPath?: string };
  build?: { env?: { name: string; value?: string }[]; nodeSelector?: Record<string, string> };
}

interface Doc {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Spec;
}

/** Unknown kinds and fields, for one kpack version. status is kpack's to write, so it is refused too. */
function schemaProblems(docs: Doc[], version: "0.16" | "0.17"): string[] {
  const kinds = specs(version);
  return docs.flatMap((doc, i) => {
    const where = `document ${i + 1} (${doc.kind})`;
    if (doc.apiVersion !== "kpack.io/v1alpha2") return [`${where}: apiVersion ${doc.apiVersion}, expected kpack.io/v1alpha2`];
    const spec = kinds[doc.kind ?? ""];
    if (!spec) return [`${where}: kpack ${version} has no kind ${doc.kind}`];
    const top: FieldType = { fields: { apiVersion: "string", kind: "string", metadata: objectMeta, spec: { fields: spec } } };
    return typeProblems(doc, top, where);
  });
}

interface ImageNameFacts {
  name: string;
  referenceError?: string;
  tagError?: string;
}

/**
 * The rules of kpack's Validate methods (pkg/apis/build/v1alpha2/*_validation.go,
 * core/v1alpha1/source_validation.go, validate/validation_helpers.go) that a document can break.
 */
function validationProblems(docs: Doc[], names: Map<string, ImageNameFacts>): string[] {
  const found: string[] = [];
  const need = (ok: unknown, message: string) => {
    if (!ok) found.push(message);
  };
  const reference = (value: string | undefined, where: string) => need(value && !names.get(value)?.referenceError, `${where}: not an image reference kpack accepts (${value})`);
  const tag = (value: string | undefined, where: string) => need(value && !names.get(value)?.tagError, `${where}: not an image tag kpack accepts (${value})`);
  const serviceAccountRef = (ref: Ref | undefined, where: string) => need(ref === undefined || (ref.name && ref.namespace), `${where}.serviceAccountRef needs name and namespace`);
  for (const doc of docs) {
    const spec: Spec = doc.spec ?? {};
    const where = `${doc.kind} ${doc.metadata?.name}`;
    need(doc.metadata?.name, `${doc.kind}: metadata.name is missing`);
    switch (doc.kind) {
      case "ClusterLifecycle":
        serviceAccountRef(spec.serviceAccountRef, where);
        need(spec.image, `${where}: spec.image is missing`);
        break;
      case "ClusterStack":
        serviceAccountRef(spec.serviceAccountRef, where);
        need(spec.id, `${where}: spec.id is missing`);
        reference(spec.buildImage?.image, `${where} spec.buildImage.image`);
        reference(spec.runImage?.image, `${where} spec.runImage.image`);
        break;
      case "ClusterStore":
        serviceAccountRef(spec.serviceAccountRef, where);
        need(spec.sources?.length, `${where}: spec.sources is missing`);
        for (const source of spec.sources ?? []) reference(source.image, `${where} spec.sources`);
        break;
      case "ClusterBuilder":
        need(spec.serviceAccountRef?.name && spec.serviceAccountRef?.namespace, `${where}: spec.serviceAccountRef needs name and namespace`);
        tag(spec.tag, `${where} spec.tag`);
        need(spec.stack?.name && spec.stack?.kind === "ClusterStack", `${where}: spec.stack needs a name and kind ClusterStack`);
        need(!spec.store || spec.store.kind === "ClusterStore", `${where}: spec.store must be a ClusterStore`);
        for (const entry of spec.order ?? []) {
          for (const ref of entry.group ?? []) {
            need(!ref.image, `${where}: an order entry's image is not supported`);
            need(ref.id || (ref.name && ["Buildpack", "ClusterBuildpack"].includes(ref.kind ?? "")), `${where}: an order entry needs an id or a Buildpack/ClusterBuildpack name and kind`);
          }
        }
        break;
      case "Image": {
        need(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(doc.metadata?.name ?? ""), `${where}: the name must be a valid label value`);
        tag(spec.tag, `${where} spec.tag`);
        need(spec.builder?.name && ["Builder", "ClusterBuilder"].includes(spec.builder?.kind ?? ""), `${where}: spec.builder needs a name and kind Builder or ClusterBuilder`);
        const source = spec.source ?? {};
        const sources = [source.git, source.blob, source.registry].filter((kind) => kind !== undefined);
        need(sources.length === 1, `${where}: spec.source needs exactly one of git, blob, registry`);
        if (spec.source?.git) need(spec.source.git.url && spec.source.git.revision, `${where}: spec.source.git needs url and revision`);
        need(!spec.build?.nodeSelector?.["kubernetes.io/os"], `${where}: kpack sets the kubernetes.io/os node selector itself`);
        break;
      }
    }
  }
  return found;
}

/** The 0.16 variant the docs describe: without the ClusterLifecycle and the builder's lifecycle. */
function forKpack016(docs: Doc[]): Doc[] {
  return docs
    .filter((doc) => doc.kind !== "ClusterLifecycle")
    .map((doc) => {
      if (doc.kind !== "ClusterBuilder") return doc;
      const { lifecycle: _, ...spec } = doc.spec ?? {};
      return { ...doc, spec };
    });
}

/** Every string under one of `keys`, anywhere in a document. */
function valuesOf(value: unknown, keys: string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesOf(item, keys));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (keys.includes(key) && typeof item === "string" ? [item] : valuesOf(item, keys)));
}

const work = mkdtempSync(join(tmpdir(), "kpack-"));
let binary: string;
let docs: Doc[];
let names: Map<string, ImageNameFacts>;
const byKind = (kind: string) => docs.filter((doc) => doc.kind === kind);

/** The one document of a kind, with its spec. */
function only(kind: string): Doc & { spec: Spec } {
  const [doc, ...more] = byKind(kind);
  if (!doc?.spec || more.length > 0) throw new Error(`docs/kpack.yaml should have exactly one ${kind} with a spec`);
  return { ...doc, spec: doc.spec };
}

beforeAll(() => {
  binary = buildDoccheck(work);
  docs = runDoccheck<Doc[]>(binary, "yaml", read("docs/kpack.yaml"));
  const imageNames = docs.flatMap((doc) => valuesOf(doc, ["image", "tag"]));
  names = new Map(runDoccheck<ImageNameFacts[]>(binary, "refs", JSON.stringify(imageNames)).map((facts) => [facts.name, facts]));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("docs/kpack.yaml has every resource a build needs: ClusterLifecycle, ClusterStack, ClusterStore, ClusterBuilder and an Image", () => {
  expect(docs.map((doc) => doc.kind)).toEqual(["ClusterLifecycle", "ClusterStack", "ClusterStore", "ClusterBuilder", "Image"]);
});

it("every document fits kpack 0.17's v1alpha2 types and validation", () => {
  expect(schemaProblems(docs, "0.17")).toEqual([]);
  expect(validationProblems(docs, names)).toEqual([]);
});

it("without the ClusterLifecycle and the builder's lifecycle, every document fits kpack 0.16's", () => {
  expect(schemaProblems(forKpack016(docs), "0.16")).toEqual([]);
  expect(validationProblems(forKpack016(docs), names)).toEqual([]);
  // …and exactly those are what 0.16 lacks, so the check bites.
  expect(schemaProblems(docs, "0.16")).toEqual([
    "document 1 (ClusterLifecycle): kpack 0.16 has no kind ClusterLifecycle",
    "document 4 (ClusterBuilder).spec.lifecycle: kpack defines no such field",
  ]);
});

it("the checks refuse unknown fields, wrong types and broken rules", () => {
  const image = only("Image");
  const broken: Doc = { ...image, spec: { ...image.spec, tags: "x", source: { git: { url: "u", revision: 7 as unknown as string } } } };
  expect(schemaProblems([broken], "0.17")).toEqual([
    "document 1 (Image).spec.source.git.revision: expected a string, got 7",
    "document 1 (Image).spec.tags: kpack defines no such field",
  ]);
  const builder = only("ClusterBuilder");
  const noAccount: Doc = { ...builder, spec: { ...builder.spec, serviceAccountRef: { name: "x" } } };
  expect(validationProblems([noAccount], names)).toEqual(["ClusterBuilder go-functions: spec.serviceAccountRef needs name and namespace"]);
});

it("the builder refers to the stack, store and lifecycle defined beside it, the Image to the builder", () => {
  const { spec } = only("ClusterBuilder");
  const defined = (ref: Ref | undefined) => byKind(ref?.kind ?? "").some((doc) => doc.metadata?.name === ref?.name);
  for (const [field, ref] of Object.entries({ stack: spec.stack, store: spec.store, lifecycle: spec.lifecycle })) {
    expect([field, defined(ref)]).toEqual([field, true]);
  }
  expect(defined(only("Image").spec.builder)).toBe(true);
});

it("the store holds the images of this release and of Paketo's Go buildpack whose members the order pins, and carries every id the builder orders", () => {
  const sources = (only("ClusterStore").spec.sources ?? []).map((source) => source.image ?? "");
  const order = orderBuildpack();
  expect(sources).toEqual([`ghcr.io/fnpacks/go-functions:${order.version}`, `docker.io/paketobuildpacks/go:${PAKETO_GO_VERSION}`]);
  const carried = sources.flatMap((source) => imageContents(source) ?? []);
  const ordered = (only("ClusterBuilder").spec.order ?? []).flatMap((entry) => entry.group ?? []);
  expect(ordered.length).toBeGreaterThan(0);
  for (const { id, version } of ordered) {
    expect([id, carried.some((m) => m.id === id && (!version || m.version === version))]).toEqual([id, true]);
  }
});

it("the lifecycle is the one devkit's tests run", () => {
  const pinned = /github\.com\/buildpacks\/lifecycle v([0-9.]+)/.exec(read("packages/devkit/tools/lifecycle/go.mod"))?.[1];
  expect(pinned).toBeDefined();
  expect(only("ClusterLifecycle").spec.image).toBe(`docker.io/buildpacksio/lifecycle:${pinned}`);
});

it("the Image builds a sample of this repository with a BP_FUNCTION_NAME the signature buildpacks read, naming the sample's function", () => {
  const { spec } = only("Image");
  const homepage = String((parseToml(read("order/buildpack.toml")).buildpack as TomlTable).homepage);
  expect(spec.source?.git?.url).toBe(homepage);
  const subPath = spec.source?.subPath ?? "";
  expect(existsSync(join(root, subPath, "go.mod"))).toBe(true);
  const declared = componentBuildpacks().flatMap(({ pkg }) =>
    ((parseToml(read(`packages/${pkg}/buildpack.toml`)).metadata as TomlTable).configurations as TomlTable[]).map((c) => String(c.name)),
  );
  expect(declared).toContain("BP_FUNCTION_NAME");
  const functionName = spec.build?.env?.find((variable) => variable.name === "BP_FUNCTION_NAME")?.value;
  expect(functionName).toBeDefined();
  const sources = readdirSync(join(root, subPath))
    .filter((file) => file.endsWith(".go"))
    .map((file) => read(join(subPath, file)));
  expect(sources.some((source) => new RegExp(`^(func|var) ${functionName}\\b`, "m").test(source))).toBe(true);
});
