export interface AksOptions { endpoint?: string }
