import { mapKey, type FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { goList, goMapKeys, goString, goStringMap, goStruct, isPlainObject } from './goValues';
import {
  byteLength,
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  isQualifiedName,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  suggestDnsName,
} from './k8sNames';
import { validateLabels } from './labelSelector';
import { invalidValue, quote } from './messages';
import { isAtLeast, NEWEST_KUBERNETES_VERSION, parseKubernetesVersion } from '../settings';
import type { ValidationOptions } from './validationOptions';

/** `TotalAnnotationSizeLimitB`: keys and values together, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The finalizers core's `validateKubeFinalizerName` accepts without a `/`. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

const METADATA: FieldPath = ['metadata'];

/**
 * `ValidateObjectMeta` as `ValidateNetworkPolicy` calls it (core's wrapper around apimachinery's
 * `ValidateObjectMetaAccessor`, names checked with `NameIsDNSSubdomain`), in upstream order: generateName, name,
 * namespace, generation, labels, annotations, ownerReferences, finalizers, managedFields, then core's finalizer
 * names. As on create: the registry names an object from its generateName before validating it (generateName
 * and 5 random characters, `names.SimpleNameGenerator`), and sets `generation` to 1 (the NetworkPolicy strategy's
 * PrepareForCreate; an update keeps the stored one), so a manifest's generation is never checked.
 *
 * One difference on purpose: upstream requires `namespace` (NetworkPolicy is namespaced), but kubectl fills it in
 * from the context, so a manifest without one is fine; only a namespace that is written is checked.
 */
export function validateObjectMeta(value: unknown, options?: ValidationOptions): Issue[] {
  const issues: Issue[] = [];
  const meta = goStruct(value);
  if (!meta) return issues;

  const generateName = goString(meta.generateName);
  if (generateName) {
    const reasons = nameIsDnsSubdomain(generateName, true);
    if (reasons.length > 0) {
      const suggestion = suggestDnsName(generateName.replace(/-+$/, ''), DNS1123_SUBDOMAIN_MAX_LENGTH - 6, true);
      issues.push({
        code: 'metadata.generate-name-invalid',
        message: invalidValue(
          generateName,
          reasons,
          suggestion ? `Use e.g. ${quote(`${suggestion}-`)}` : 'A generateName is a lowercase RFC 1123 subdomain prefix; a trailing "-" is fine',
        ),
        path: [...METADATA, 'generateName'],
      });
    }
  }

  const name = goString(meta.name);
  if (name === '' && generateName) {
    // The name the registry generates: generateName cut to 58 characters, then 5 of "bcdfghjklmnpqrstvwxz2456789".
    // Which 5 does not change the verdict (lower-case letters and digits, at the end), so any stand for them.
    const generated = `${generateName.slice(0, MAX_GENERATED_NAME_LENGTH)}${GENERATED_SUFFIX_EXAMPLE}`;
    const reasons = nameIsDnsSubdomain(generated, false);
    if (reasons.length > 0) {
      issues.push({
        code: 'metadata.name-invalid',
        message: `${invalidValue(generated, reasons)} (the name generated from generateName ${quote(generateName)}: it, then 5 random characters such as ${quote(GENERATED_SUFFIX_EXAMPLE)}). Fix the generateName, or write a \`name\`.`,
        path: [...METADATA, 'name'],
        at: [...METADATA, 'generateName'],
      });
    }
  } else if (name === '' && !generateName) {
    issues.push({
      code: 'metadata.name-required',
      message: 'Required value: name or generateName is required. Give the policy a `metadata.name`: a lowercase RFC 1123 subdomain such as "allow-frontend".',
      path: [...METADATA, 'name'],
      at: meta.name === undefined ? METADATA : [...METADATA, 'name'],
      onKey: true,
    });
  } else if (name) {
    const reasons = nameIsDnsSubdomain(name, false);
    if (reasons.length > 0) {
      const suggestion = suggestDnsName(name, DNS1123_SUBDOMAIN_MAX_LENGTH, true);
      issues.push({
        code: 'metadata.name-invalid',
        message: invalidValue(
          name,
          reasons,
          suggestion ? `Use e.g. ${quote(suggestion)}` : 'A name is lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
        ),
        path: [...METADATA, 'name'],
      });
    }
  }

  const namespace = goString(meta.namespace);
  if (namespace) {
    const reasons = nameIsDnsLabel(namespace, false);
    if (reasons.length > 0) {
      const suggestion = suggestDnsName(namespace, DNS1123_LABEL_MAX_LENGTH, false);
      issues.push({
        code: 'metadata.namespace-invalid',
        message: invalidValue(
          namespace,
          reasons,
          suggestion
            ? `Use e.g. ${quote(suggestion)}`
            : 'A namespace name is lower-case letters, digits and "-" (no dots), starting and ending with a letter or digit',
        ),
        path: [...METADATA, 'namespace'],
      });
    }
  }

  issues.push(...validateLabels(meta.labels, [...METADATA, 'labels'], { key: 'metadata.label-key-invalid', value: 'metadata.label-value-invalid' }));
  issues.push(...validateAnnotations(meta.annotations));
  issues.push(
    ...validateOwnerReferences(meta.ownerReferences, isAtLeast(options?.kubernetesVersion ?? parseKubernetesVersion(NEWEST_KUBERNETES_VERSION), 1, 37)),
  );
  issues.push(...validateFinalizers(meta.finalizers));
  issues.push(...validateManagedFields(meta.managedFields));
  return issues;
}

/** `ValidateAnnotations`: keys are qualified names compared in lower case; keys and values total 256 KiB. */
function validateAnnotations(annotations: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!isPlainObject(annotations)) return issues;
  const path: FieldPath = [...METADATA, 'annotations'];
  for (const key of goMapKeys(annotations)) {
    const reasons = isQualifiedName(key.toLowerCase());
    if (reasons.length > 0) {
      issues.push({
        code: 'metadata.annotation-key-invalid',
        message: invalidValue(
          key,
          reasons,
          'An annotation key is an optional DNS-subdomain prefix and "/", then a name of up to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit (e.g. "example.com/owner")',
        ),
        path,
        at: [...path, mapKey(key)],
        onKey: true,
      });
    }
  }
  let total = 0;
  for (const [key, value] of goStringMap(annotations)) total += byteLength(key) + byteLength(value);
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    issues.push({
      code: 'metadata.annotations-too-long',
      message: `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (the annotations take ${total}). Move large data out of annotations, e.g. into a ConfigMap.`,
      path,
      onKey: true,
    });
  }
  return issues;
}

/** `names.MaxGeneratedNameLength`: a generateName is cut to this before the random suffix. */
const MAX_GENERATED_NAME_LENGTH = 58;
/** Five characters of `names.SimpleNameGenerator`'s alphabet, standing for the random suffix in messages. */
const GENERATED_SUFFIX_EXAMPLE = 'x7k2q';

/**
 * `ValidateOwnerReferences`: apiVersion with a version, kind, name and uid set; no Event owner; one controller.
 * From Kubernetes 1.37 a missing uid is `Required` at the entry's own path (`metadata.ownerReferences[0].uid`);
 * before, `Invalid` at the path without the index, as the other fields still are.
 */
function validateOwnerReferences(value: unknown, uidRequired: boolean): Issue[] {
  const issues: Issue[] = [];
  const references = goList(value);
  if (!references) return issues;
  // Upstream's paths leave the index out (`metadata.ownerReferences.uid`); the finding is shown at the entry.
  const path: FieldPath = [...METADATA, 'ownerReferences'];
  let firstController: string | undefined;
  references.forEach((item, index) => {
    const reference = goStruct(item);
    if (!reference) return;
    const apiVersion = goString(reference.apiVersion);
    const kind = goString(reference.kind);
    const name = goString(reference.name);
    const uid = goString(reference.uid);
    const here = (field: string): FieldPath => (reference[field] === undefined ? [...path, index] : [...path, index, field]);
    const version = apiVersion === undefined ? undefined : versionOf(apiVersion);
    if (version === '') {
      issues.push({
        code: 'metadata.owner-reference-invalid',
        message: invalidValue(apiVersion, ['version must not be empty'], 'Write the owner\'s apiVersion, e.g. "apps/v1"'),
        path: [...path, 'apiVersion'],
        at: here('apiVersion'),
      });
    }
    if (kind === '')
      issues.push({
        code: 'metadata.owner-reference-invalid',
        message: invalidValue('', ['kind must not be empty'], 'Write the owner\'s kind, e.g. "Deployment"'),
        path: [...path, 'kind'],
        at: here('kind'),
      });
    if (name === '')
      issues.push({
        code: 'metadata.owner-reference-invalid',
        message: invalidValue('', ['name must not be empty'], "Write the owner's name"),
        path: [...path, 'name'],
        at: here('name'),
      });
    if (uid === '') {
      const fix = "Write the owner's uid (an owner reference names one existing object; usually a controller sets it)";
      issues.push(
        uidRequired
          ? { code: 'metadata.owner-reference-invalid', message: `Required value. ${fix}.`, path: [...path, index, 'uid'], at: here('uid') }
          : { code: 'metadata.owner-reference-invalid', message: invalidValue('', ['uid must not be empty'], fix), path: [...path, 'uid'], at: here('uid') },
      );
    }
    if (apiVersion === 'v1' && kind === 'Event') {
      issues.push({
        code: 'metadata.owner-reference-invalid',
        message: 'Invalid value: /v1, Kind=Event is disallowed from being an owner. Name another owner.',
        path,
        at: [...path, index, 'kind'],
      });
    }
    if (reference.controller === true && kind !== undefined && name !== undefined) {
      const current = `${kind}/${name}`;
      if (firstController === undefined) {
        firstController = current;
      } else {
        issues.push({
          code: 'metadata.owner-reference-invalid',
          message: `Invalid value: Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}. Set \`controller: true\` on one owner only.`,
          path,
          at: [...path, index, 'controller'],
        });
      }
    }
  });
  return issues;
}

/** The version of `schema.FromAPIVersionAndKind` (empty when `ParseGroupVersion` fails). */
function versionOf(apiVersion: string): string {
  if (apiVersion === '' || apiVersion === '/') return '';
  const parts = apiVersion.split('/');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) return parts[1];
  return '';
}

/**
 * `ValidateFinalizers` (qualified names; not both `orphan` and `foregroundDeletion`) and core's
 * `validateKubeFinalizerName` (a name without a `/` must be a standard one).
 */
function validateFinalizers(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const finalizers = goList(value);
  if (!finalizers) return issues;
  const path: FieldPath = [...METADATA, 'finalizers'];
  const names: string[] = [];
  finalizers.forEach((item, index) => {
    const finalizer = goString(item);
    if (finalizer === undefined) return;
    names.push(finalizer);
    const reasons = isQualifiedName(finalizer);
    if (reasons.length > 0) {
      issues.push({
        code: 'metadata.finalizer-invalid',
        message: invalidValue(finalizer, reasons, 'A finalizer is a qualified name such as "example.com/cleanup"'),
        path,
        at: [...path, index],
      });
    }
  });
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    issues.push({
      code: 'metadata.finalizer-invalid',
      message: 'Invalid value: finalizer orphan and foregroundDeletion cannot be both set. Keep one of them.',
      path,
      onKey: true,
    });
  }
  finalizers.forEach((item, index) => {
    const finalizer = goString(item);
    if (finalizer === undefined || finalizer.includes('/') || STANDARD_FINALIZERS.has(finalizer)) return;
    issues.push({
      code: 'metadata.finalizer-invalid',
      message: invalidValue(
        finalizer,
        ['name is neither a standard finalizer name nor is it fully qualified'],
        `Qualify it with a domain, e.g. ${quote(`example.com/${finalizer || 'cleanup'}`)}, or use "kubernetes", "orphan" or "foregroundDeletion"`,
      ),
      path: [...path, index],
    });
  });
  return issues;
}

/** `ValidateManagedFields`: operation `Apply` or `Update`, fieldsType `FieldsV1`, a short printable manager. */
function validateManagedFields(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const entries = goList(value);
  if (!entries) return issues;
  entries.forEach((item, index) => {
    const entry = goStruct(item);
    if (!entry) return;
    const path: FieldPath = [...METADATA, 'managedFields', index];
    const operation = goString(entry.operation);
    if (operation !== undefined && operation !== 'Apply' && operation !== 'Update') {
      issues.push({
        code: 'metadata.managed-fields-invalid',
        message: invalidValue(operation, ['must be `Apply` or `Update`'], 'managedFields is written by the API server: remove it from the manifest'),
        path: [...path, 'operation'],
        at: entry.operation === undefined ? path : undefined,
      });
    }
    const fieldsType = goString(entry.fieldsType);
    if (fieldsType && fieldsType !== 'FieldsV1') {
      issues.push({
        code: 'metadata.managed-fields-invalid',
        message: invalidValue(fieldsType, ['must be `FieldsV1`'], 'managedFields is written by the API server: remove it from the manifest'),
        path: [...path, 'fieldsType'],
      });
    }
    const manager = goString(entry.manager);
    if (manager !== undefined) {
      if (byteLength(manager) > 128) {
        issues.push({
          code: 'metadata.managed-fields-invalid',
          message: `Too long: may not be more than 128 bytes. Shorten the manager name, or remove managedFields from the manifest.`,
          path: [...path, 'manager'],
        });
      }
      let position = 0;
      for (const character of manager) {
        if (!isPrintable(character)) {
          const codePoint = character.codePointAt(0) ?? 0;
          issues.push({
            code: 'metadata.managed-fields-invalid',
            message: invalidValue(
              manager,
              [`invalid character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} (at position ${position})`],
              'Use printable characters only',
            ),
            path: [...path, 'manager'],
          });
        }
        position += byteLength(character);
      }
    }
    const subresource = goString(entry.subresource);
    if (subresource !== undefined && byteLength(subresource) > 256) {
      issues.push({ code: 'metadata.managed-fields-invalid', message: 'Too long: may not be more than 256 bytes.', path: [...path, 'subresource'] });
    }
  });
  return issues;
}

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(character: string): boolean {
  return character === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character);
}
