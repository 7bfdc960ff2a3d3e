import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { campaignFormChoices } from '#db/queries/campaigns'
import { CampaignForm } from '~/components/campaign-form'
import { CampaignSchema } from '~/domain/campaign'
import { vnIsoDate } from '~/domain/dates'
import { createCampaign } from '~/services/campaigns.server'
import { requirePermission } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'campaign:manage', { kind: 'global' })
	return { ...campaignFormChoices(getDb()), today: vnIsoDate(new Date()) }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const submission = parseWithZod(await request.formData(), { schema: CampaignSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const result = createCampaign(getDb(), submission.value, user.id)
	if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: result.status })
	throw redirect(`/admin/campaigns/${result.id}`)
}

export default function NewCampaign() {
	const { catalogs, provinces, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<h1>{t('campaigns.new')}</h1>
			<CampaignForm
				id="campaign"
				catalogs={catalogs}
				provinces={provinces}
				defaultValue={{ year: today.slice(0, 4), opensOn: today }}
				lastResult={actionData?.result}
				submitLabel={t('campaign.create')}
			/>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('campaigns.new'))
