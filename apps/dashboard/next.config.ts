import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The workspace libraries ship TypeScript sources.
  transpilePackages: ['@music/metrics-contract', '@music/events', '@music/config', '@music/logger'],
  async redirects() {
    // A page asked for without a language gets the default one, as / does.
    return [
      { source: '/', destination: '/fr', permanent: false },
      { source: '/pipeline', destination: '/fr/pipeline', permanent: false },
    ];
  },
};

export default config;
