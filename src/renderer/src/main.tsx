// Renderer entry: mounts <App /> into #root. The React refresh preamble is imported as a module for the strict CSP.
import '@vitejs/plugin-react/preamble'
import './web-bridge'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element.')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
