import { Form, type FormInstance } from 'antd';
import { useState } from 'react';
import { useCallError } from './use-call-error';

export interface FormCall<F> {
  readonly form: FormInstance<F>;
  readonly busy: boolean;
  readonly submit: (fields: F) => void;
}

/**
 * A dialog's form bound to one station call: busy while it runs, cleared when it succeeds, and a
 * refusal shown in the workspace's words with the fields kept, so the operator corrects and resends.
 */
export function useFormCall<F>(workspace: string, call: (fields: F) => Promise<void>): FormCall<F> {
  const showError = useCallError(workspace);
  const [form] = Form.useForm<F>();
  const [busy, setBusy] = useState(false);
  const submit = (fields: F) => {
    setBusy(true);
    call(fields)
      .then(() => form.resetFields())
      .catch(showError)
      .finally(() => setBusy(false));
  };
  return { form, busy, submit };
}
