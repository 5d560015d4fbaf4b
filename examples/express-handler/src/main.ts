// Starts the example on PORT (default 3000): GET /demo-token, then call /api/reports/* with it.
import { createApp } from './create-app'

const { app } = await createApp()
const port = Number(process.env.PORT ?? 3000)
app.listen(port, () => {
  console.log(`Reportwright API on http://localhost:${port}/api/reports (token: GET /demo-token)`)
})
