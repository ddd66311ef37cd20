#include "LogContext.h"

namespace ddalab {

namespace {
thread_local LogContext t_current;
}

const LogContext &LogContext::current()
{
    return t_current;
}

LogContext::Scope::Scope(LogContext context) : m_previous(std::move(t_current))
{
    t_current = std::move(context);
}

LogContext::Scope::~Scope()
{
    t_current = std::move(m_previous);
}

} // namespace ddalab
