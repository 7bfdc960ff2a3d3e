import { useT } from '~/utils/i18n'

/**
 * The "embed this map" panel of a portal page: the iframe code to copy (its title and height given
 * by the embedded page) and a link to preview it.
 */
export function EmbedCode({
	summary,
	help,
	url,
	frameTitle,
	height,
}: {
	summary: string
	help: string
	url: string
	frameTitle: string
	height: number
}) {
	const t = useT()
	return (
		<details className="card">
			<summary>{summary}</summary>
			<p>{help}</p>
			<label htmlFor="embed-code">{t('portal.embed.code')}</label>
			<textarea
				id="embed-code"
				readOnly
				rows={3}
				className="embed-code"
				value={`<iframe src="${url}" title="${frameTitle}" width="100%" height="${height}" style="border:0"></iframe>`}
			/>
			<p>
				<a href={url}>{t('portal.embed.preview')}</a>
			</p>
		</details>
	)
}
