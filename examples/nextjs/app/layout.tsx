import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import '@reportwright/react/styles.css'
import './globals.css'

export const metadata: Metadata = {
  title: 'Reportwright in Next.js',
  description: 'The Reportwright report builder in a Next.js App Router app.',
}

export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
