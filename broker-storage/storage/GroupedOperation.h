#pragma once

#include "StorageOperation.h"
#include "logging/LogContext.h"

#include <QList>
#include <QMetaObject>
#include <QPointer>

#include <functional>

namespace ddalab {

class SqlConnection;

// Requests of one kind that reach the storage thread together become one operation, so the
// database sees one statement for all of them instead of one round trip each (publishes:
// one INSERT; lookups: one SELECT). Each request still gets its own answer, in order.
template <typename Input, typename Result> class GroupedOperation final : public StorageOperation
{
public:
    // Runs the whole group: one result per input, in order; nullopt when the database failed.
    using Execute = std::optional<QList<Result>> (*)(SqlConnection &, const QList<Input> &);
    using Done = std::function<void(const Result &)>;

    GroupedOperation(StorageAccess access, Execute execute, const Input &input, QObject *context,
                     Done done)
        : m_access(access), m_execute(execute)
    {
        m_requests.append({input, context, std::move(done), LogContext::current()});
    }

    StorageAccess access() const override { return m_access; }
    int requestCount() const override { return int(m_requests.size()); }

    bool mergeFrom(StorageOperation &next) override
    {
        auto *other = dynamic_cast<GroupedOperation *>(&next);
        if (!other || other->m_execute != m_execute)
            return false;
        m_requests.append(std::move(other->m_requests));
        other->m_requests.clear();
        return true;
    }

    std::vector<std::unique_ptr<StorageOperation>> split() override
    {
        std::vector<std::unique_ptr<StorageOperation>> parts;
        if (m_requests.size() < 2)
            return parts;
        for (Request &request : m_requests) {
            const LogContext::Scope scope(request.logContext);
            parts.push_back(std::make_unique<GroupedOperation>(m_access, m_execute, request.input,
                                                               request.context.data(),
                                                               std::move(request.done)));
        }
        m_requests.clear();
        return parts;
    }

    bool execute(SqlConnection &connection) override
    {
        QList<Input> inputs;
        inputs.reserve(m_requests.size());
        for (const Request &request : std::as_const(m_requests))
            inputs.append(request.input);
        auto results = m_execute(connection, inputs);
        if (!results || results->size() != m_requests.size())
            return false;
        m_results = std::move(*results);
        return true;
    }

    void deliver() override
    {
        for (qsizetype i = 0; i < m_requests.size(); ++i)
            post(m_requests[i], m_results[i]);
    }

    void deliverFailure(const QString &error) override
    {
        for (const Request &request : std::as_const(m_requests))
            post(request, Result::failed(error));
    }

private:
    struct Request
    {
        Input input;
        QPointer<QObject> context;
        Done done;
        LogContext logContext; // of the code that asked, for the callback's log lines
    };

    static void post(const Request &request, const Result &result)
    {
        QObject *context = request.context.data();
        if (!context)
            return;
        QMetaObject::invokeMethod(
            context,
            [done = request.done, result, logContext = request.logContext] {
                const LogContext::Scope scope(logContext);
                done(result);
            },
            Qt::QueuedConnection);
    }

    StorageAccess m_access;
    Execute m_execute;
    QList<Request> m_requests;
    QList<Result> m_results;
};

} // namespace ddalab
