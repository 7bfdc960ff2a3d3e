// One call from a report model to the PDF bytes: drafts unsigned, issued reports signed (PAdES;
// B-T when a time-stamping authority's transport is given).
import { type ReportModel } from '../app/domain/report'
import { type TsaTransport } from './cms'
import { renderReportPdf } from './render'
import { signWithIdentity, type SigningIdentity } from './signing'

/** Bytes reserved for the CMS: certificate chain + signature with room to spare, and as much again for a time-stamp token. */
const SIGNATURE_LENGTH = 8192
const TIMESTAMP_LENGTH = 8192

export async function generateReportPdf(model: ReportModel, identity: SigningIdentity | null, tsa?: TsaTransport): Promise<Buffer> {
	if (model.kind === 'draft' || !identity) return renderReportPdf(model)
	const unsigned = await renderReportPdf(model, {
		name: identity.name,
		reason: `Báo cáo đánh giá ${model.id}`,
		location: 'Việt Nam',
		contactInfo: model.verifyUrl,
		signatureLength: SIGNATURE_LENGTH + (tsa ? TIMESTAMP_LENGTH : 0),
	})
	return signWithIdentity(unsigned, identity, tsa)
}
