import type { CallContext } from '../../../contract/context';
import { ContractError } from '../../../contract/errors';
import type { HandlersFor } from '../../../contract/handler';
import type { supportDiagnosisCalls } from '../../../contract/support-diagnosis';
import { DeviceError } from '../../../../native/client/device-error';
import type { Cases } from '../cases';
import { diagnose, type DiagnoseDeps } from './diagnose';
import type { DiagnosableUnit } from './read-unit';
import { diagnosisPdf } from './report-pdf';
import { NoCjkFontError } from './report-font';

/** The idle unit on a board port, lent for one diagnosis (undefined: no such port, or a run is going on it). */
export type UnitOnPort = (portId: string) => { unit: DiagnosableUnit; label: string } | undefined;

export function createDiagnosisHandlers(
  deps: DiagnoseDeps & { readonly cases: Cases; readonly unitOn: UnitOnPort },
): HandlersFor<typeof supportDiagnosisCalls> {
  const operator = (ctx: CallContext) => {
    if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
    return ctx.operator.username;
  };
  const stored = (id: string) => {
    const found = deps.store.get(id);
    if (!found)
      throw new ContractError(
        'not_found',
        `No diagnosis ${id}.`,
        'diagnosisId',
        'support.diagnosis.not_found',
      );
    return found;
  };
  return {
    'support.diagnose': async (input, ctx) => {
      const by = operator(ctx);
      const c = deps.cases.get(input.caseId);
      const port = deps.unitOn(input.portId);
      if (!port)
        throw new ContractError(
          'conflict',
          `No idle unit on port ${input.portId}: plug it in, or wait for the run on it to end.`,
          'portId',
          'support.diagnosis.no_unit',
        );
      try {
        return await diagnose(deps, {
          unit: port.unit,
          port: port.label,
          operator: by,
          forCase: { id: c.id, serial: c.serial, symptom: c.symptom },
        });
      } catch (error) {
        if (error instanceof DeviceError)
          throw new ContractError(
            'unavailable',
            `${error.code}: ${error.en}`,
            'portId',
            `device.${error.code}`,
          );
        throw error;
      }
    },
    'support.diagnoses': (input) => {
      deps.cases.get(input.caseId);
      return { items: deps.store.ofCase(input.caseId) };
    },
    'support.diagnosis': (input) => stored(input.diagnosisId).report,
    'support.diagnosisPdf': async (input) => {
      const { report, sha256 } = stored(input.diagnosisId);
      try {
        const pdf = await diagnosisPdf(report, input.language, sha256);
        return {
          fileName: `diagnosis-${report.identity.serial}-${report.finishedAt.slice(0, 10)}.pdf`,
          base64: pdf.toString('base64'),
        };
      } catch (error) {
        if (error instanceof NoCjkFontError)
          throw new ContractError('unavailable', error.message, 'language', 'support.diagnosis.no_font');
        throw error;
      }
    },
  };
}
