#pragma once

#include <QObject>
#include <QString>
#include <QTest>

#include <optional>

// Calls an asynchronous store (or anything answering on the caller's thread the same way) and
// waits, processing events, until its callback ran; Result::failed(...) when no answer came
// within timeoutMs. call receives the context object and the callback to pass on.
template <typename Result, typename Call> Result awaitAnswer(Call call, int timeoutMs = 10000)
{
    QObject context;
    std::optional<Result> result;
    call(&context, [&result](const Result &answer) { result = answer; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs))
        return Result::failed(QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return *result;
}
