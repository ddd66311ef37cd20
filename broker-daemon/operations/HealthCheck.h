#pragma once

#include <QUrl>

namespace ddalab {

struct Config;

// ddalab-broker --check-health: asks the broker the settings describe for GET /health on its
// loopback address and says whether it answered 200. It is the container image's HEALTHCHECK,
// so the image needs no curl.
class HealthCheck
{
public:
    // 0 when /health answered 200 within five seconds, 1 otherwise (the reason on stderr).
    static int run(const Config &config);
    // http(s)://LOOPBACK:PORT/health for the bind address and TLS setting of config.
    static QUrl healthUrl(const Config &config);
};

} // namespace ddalab
