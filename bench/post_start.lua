-- wrk script: post the first step of the quiz (the page with question 1)
wrk.method = "POST"
wrk.body = "stap=start"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
