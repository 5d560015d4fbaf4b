// A server component: it signs the embed token on the server and renders the client side.
import { signDemoToken } from '../lib/embed-token'
import { ReportsClient } from './reports-client'

// A fresh token for each request; nothing here may be prerendered at build time.
export const dynamic = 'force-dynamic'

export default async function HomePage() {
  const token = await signDemoToken()
  return (
    <main>
      <h1>Reports</h1>
      <p>Build, schedule and run reports over the sample sales data.</p>
      <ReportsClient apiUrl="/api/reports" token={token} />
    </main>
  )
}
