// One call from a report model to the PDF bytes: drafts unsigned, issued reports signed.
import { type ReportModel } from '../app/domain/report'
import { renderReportPdf } from './render'
import { signWithIdentity, type SigningIdentity } from './signing'

/** Bytes reserved for the CMS: certificate chain + signature with room to spare. */
const SIGNATURE_LENGTH = 8192

export async function generateReportPdf(model: ReportModel, identity: SigningIdentity | null): Promise<Buffer> {
	if (model.kind === 'draft' || !identity) return renderReportPdf(model)
	const unsigned = await renderReportPdf(model, {
		name: identity.name,
		reason: `Báo cáo đánh giá ${model.id}`,
		location: 'Việt Nam',
		contactInfo: model.verifyUrl,
		signatureLength: SIGNATURE_LENGTH,
	})
	return signWithIdentity(unsigned, identity, model.createdAt)
}
