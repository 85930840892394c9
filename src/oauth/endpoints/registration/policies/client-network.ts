// Registration counts per client network; the rule itself is shared with sign-up (domain/).
export { clientNetwork } from '../../../../domain/client-network.ts';
