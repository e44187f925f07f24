import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './components/App'
import { LockGate } from './components/LockGate'
// Styles ship as a file: the CSP (style-src 'self') forbids inline <style>.
import './styles.css'

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <LockGate>{(lock) => <App lock={lock} />}</LockGate>
    </StrictMode>,
  )
