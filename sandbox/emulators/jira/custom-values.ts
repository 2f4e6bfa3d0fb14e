// Custom field values in their REST shape: text, a yyyy-MM-dd date, or a select option
// ({self, value, id}); option fields made without a fixed list accept new values.
import type { CustomField } from './model';
import type { JiraSite } from './site';

/** Normalises a custom field value to its REST shape, or returns an error message. */
export function customFieldValue(
  site: JiraSite,
  field: CustomField,
  value: unknown,
): { value: unknown } | { error: string } {
  if (value === null || value === undefined) return { value: null };
  switch (field.kind) {
    case 'string':
      return typeof value === 'string' ? { value } : { error: `Field '${field.name}' takes a string.` };
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? { value }
        : { error: `Field '${field.name}' takes a date as yyyy-MM-dd.` };
    case 'option': {
      const wanted = typeof value === 'string' ? { value } : (value as { id?: unknown; value?: unknown });
      let option = field.options.find(
        (o) =>
          (wanted.id !== undefined && o.id === String(wanted.id)) ||
          (wanted.value !== undefined && o.value === wanted.value),
      );
      if (!option && field.open && typeof wanted.value === 'string') {
        option = { id: site.nextOptionId(), value: wanted.value };
        field.options.push(option);
      }
      if (!option)
        return {
          error: `Option value '${String(wanted.value ?? wanted.id)}' is not valid for field '${field.name}'.`,
        };
      return {
        value: {
          self: `${site.baseUrl}/rest/api/3/customFieldOption/${option.id}`,
          value: option.value,
          id: option.id,
        },
      };
    }
  }
}
