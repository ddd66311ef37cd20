#pragma once

#include <QString>

namespace ddalab {

// The connection and user a log line is about, so JSON logs can carry them as fields rather
// than inside the text. Each thread has a current context; a Scope sets it for its lifetime,
// and storage callbacks run in the context of the call that queued them.
struct LogContext
{
    quint64 connectionId = 0; // 0: no connection
    QString userId;           // empty: not known (yet)

    static const LogContext &current();

    class Scope;
};

// Makes a context current on this thread until it goes out of scope.
class LogContext::Scope
{
public:
    explicit Scope(LogContext context);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    LogContext m_previous;
};

} // namespace ddalab
