#pragma once

#include "logging/LogContext.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ddalab {

class SqlConnection;

// What an operation does to the database: reads run outside transactions, writes are grouped
// into the next commit and answered after it.
enum class StorageAccess { Read, Write };

// One unit of storage work, run on the storage thread and answered on the caller's thread.
class StorageOperation
{
public:
    virtual ~StorageOperation() = default;
    virtual StorageAccess access() const = 0;
    bool writes() const { return access() == StorageAccess::Write; }
    // How many callers' requests this operation carries (more than one once merged).
    virtual int requestCount() const { return 1; }
    // Takes the work of the operation queued right after this one, when both can run as one;
    // `next` is then left empty and dropped.
    virtual bool mergeFrom(StorageOperation &) { return false; }
    // Undoes merging: the single operations this one took in, for retrying them one by one
    // after the whole failed; empty when there is nothing to split.
    virtual std::vector<std::unique_ptr<StorageOperation>> split() { return {}; }
    // Runs the SQL inside the transaction the worker holds; false when the database failed.
    virtual bool execute(SqlConnection &connection) = 0;
    // Posts the result (or the failure) to the caller; called once, after the commit.
    virtual void deliver() = 0;
    virtual void deliverFailure(const QString &error) = 0;
};

// A StorageOperation whose work returns a Result (nullopt on a database failure) and whose
// callback receives it on the context's thread.
template <typename Result> class TypedStorageOperation final : public StorageOperation
{
public:
    using Work = std::function<std::optional<Result>(SqlConnection &)>;
    using Done = std::function<void(const Result &)>;

    TypedStorageOperation(StorageAccess access, Work work, QObject *context, Done done)
        : m_access(access), m_work(std::move(work)), m_context(context), m_done(std::move(done)),
          m_logContext(LogContext::current())
    {
    }

    StorageAccess access() const override { return m_access; }
    bool execute(SqlConnection &connection) override
    {
        m_result = m_work(connection);
        return m_result.has_value();
    }
    void deliver() override { post(*m_result); }
    void deliverFailure(const QString &error) override { post(Result::failed(error)); }

private:
    void post(Result result)
    {
        QObject *context = m_context.data();
        if (!context)
            return;
        // The callback logs about the connection that asked, like the code that queued it.
        QMetaObject::invokeMethod(
            context,
            [done = m_done, result = std::move(result), logContext = m_logContext] {
                const LogContext::Scope scope(logContext);
                done(result);
            },
            Qt::QueuedConnection);
    }

    StorageAccess m_access;
    Work m_work;
    QPointer<QObject> m_context;
    Done m_done;
    LogContext m_logContext;
    std::optional<Result> m_result;
};

} // namespace ddalab
