import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The workspace libraries ship TypeScript sources.
  transpilePackages: ['@music/metrics-contract', '@music/events', '@music/config', '@music/logger'],
  async redirects() {
    return [{ source: '/', destination: '/fr', permanent: false }];
  },
};

export default config;
