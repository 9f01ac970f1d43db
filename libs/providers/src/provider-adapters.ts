import { AksProvider } from './aks/aks.provider';
import { EksProvider } from './eks/eks.provider';
import { GkeProvider } from './gke/gke.provider';
import { KubeconfigProvider } from './kubeconfig/kubeconfig.provider';
import { SandboxProvider } from './sandbox/sandbox.provider';

/**
 * Every adapter, one line each. Adding a cloud is a folder with its `CloudProvider` class (whose
 * constructor takes the injected `ProvidersOptions`) and one line here.
 */
export const PROVIDER_ADAPTERS = [EksProvider, GkeProvider, AksProvider, KubeconfigProvider, SandboxProvider] as const;
