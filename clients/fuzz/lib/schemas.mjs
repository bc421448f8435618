// The document's schemas: validation of answers (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it),
// a valid value of a schema, and values that break it.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export class Schemas {
  constructor(document) {
    this.document = document;
    // Not strict: OpenAPI's own keywords (discriminator, example) sit inside the schemas.
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'doc', components: document.components ?? {} });
    this.compiled = new Map();
  }

  /** A schema with its references resolved one level (enough to read its type, limits and properties). */
  resolve(schema) {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i++) {
      s = s.$ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], this.document);
    }
    return s ?? {};
  }

  /** Null when <value> matches <schema>, else Ajv's first complaints. */
  check(schema, value) {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema));
      this.compiled.set(key, validate);
    }
    return validate(value) ? null : this.ajv.errorsText(validate.errors?.slice(0, 3));
  }

  types(schema) {
    const s = this.resolve(schema);
    return [s.type ?? []].flat();
  }

  /** A value the schema accepts: its example when it has one, else one built from its type and limits. */
  valid(schema) {
    const s = this.resolve(schema);
    if (s.examples?.length) return structuredClone(s.examples[0]);
    if (s.example !== undefined) return structuredClone(s.example);
    if (s.enum?.length) return s.enum[0];
    const type = this.types(s).find((t) => t !== 'null');
    switch (type) {
      case 'integer':
      case 'number':
        return Number(s.minimum ?? 1) > 1 ? Number(s.minimum) : 1;
      case 'boolean':
        return false;
      case 'array':
        return [this.valid(s.items ?? {})];
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => (s.required ?? []).includes(k))
          .map(([k, v]) => [k, this.valid(v)]));
      default:
        return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
  }

  /**
   * JSON values for a field of this schema that are not what the client should send: each with a name and
   * whether the schema itself refuses it (a 2xx to such a value is a failure).
   */
  brokenJson(schema) {
    const s = this.resolve(schema);
    const types = this.types(s);
    const out = [];
    const add = (name, value) => out.push({ name, value, invalid: this.check(schema, value) !== null });
    if (!types.includes('null')) add('null', null);
    if (types.includes('string')) {
      add('number for string', 42);
      add('object for string', { a: 1 });
      add('empty string', '');
      add('blank string', '   ');
      if (s.maxLength !== undefined) add('one over maxLength', 'x'.repeat(s.maxLength + 1));
      add('huge string', 'ü'.repeat(20000));
      add('astral characters', '😀𠀀'.repeat(4));
      add('zero-width spaces', '\u200b\u200b\u200b');
      add('bidi override', 'abc\u202edef');
      add('control characters', 'a\u0000b\u0007c');
      add('lone surrogate', 'ab\ud800cd');
    }
    if (types.includes('integer') || types.includes('number')) {
      add('string for number', '12');
      add('fraction', 1.5);
      add('huge number', 1e30);
      add('negative', -1);
      if (s.minimum !== undefined) add('one under minimum', Number(s.minimum) - 1);
      if (s.maximum !== undefined) add('one over maximum', Number(s.maximum) + 1);
    }
    if (types.includes('boolean')) {
      add('string for boolean', 'true');
      add('number for boolean', 1);
    }
    add('array', [1, 2]);
    return out;
  }

  /** Strings for a parameter that are not what the client should send: each with a name and whether the schema refuses it. */
  brokenText(schema) {
    const s = this.resolve(schema);
    const types = this.types(s);
    const out = [];
    const add = (name, value, invalid) => out.push({ name, value, invalid });
    add('empty', '', types.includes('integer') || (s.minLength ?? 0) > 0 || s.pattern !== undefined);
    add('huge', 'A'.repeat(5000), !types.includes('string') || s.maxLength !== undefined || s.items?.enum !== undefined);
    add('astral characters', '😀𠀀', !types.includes('string') || s.pattern !== undefined);
    add('bidi and zero-width', '\u202e\u200b1', true);
    if (types.includes('integer')) {
      add('letters', 'abc', true);
      add('fraction', '1.5', true);
      add('exponent', '1e3', true);
      add('overflow', '99999999999999999999', true);
      add('negative', '-1', s.minimum !== undefined && Number(s.minimum) > -1);
      if (s.minimum !== undefined) add('one under minimum', String(Number(s.minimum) - 1), true);
      if (s.maximum !== undefined) add('one over maximum', String(Number(s.maximum) + 1), true);
      add('leading zero', '05', true);
      add('plus sign', '+5', true);
      add('leading space', ' 5', true);
      add('fullwidth digit', '５', true);
    } else if (types.includes('array')) {
      add('unknown kind', 'nope', true);
      add('empty element', 'post,,game', true);
      add('upper case', 'POST', true);
    } else {
      add('not base64', '!!!***', false);
      add('NUL', 'a\u0000b', s.pattern !== undefined);
    }
    return out;
  }
}

/** References into the document, as seen from the schema Ajv holds under the id `doc`. */
function rebase(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"doc#/components/'));
}
